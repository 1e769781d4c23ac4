// pyrope_faiss.h: the exported C ABI of libpyrope_faiss.so. The Java side
// (io.pyrope.search.faiss.NativeFaiss) mirrors these declarations by hand, so any change
// here bumps PYROPE_ABI_VERSION, which Java checks before binding a single function.
//
// Conventions
//  * Status-returning functions return PYROPE_OK (0) or one of the PYROPE_E_* codes; the
//    message is then in a thread_local string read with pyrope_last_error() on the SAME
//    thread, before any other call into this library.
//  * Value-returning getters return the value (>= 0) or minus a PYROPE_E_* code.
//  * Labels are int64_t: FAISS's own sequential labels 0..ntotal-1 (FAISS 1.7.3 calls the
//    type faiss::Index::idx_t, newer releases faiss::idx_t; both are int64_t).
//  * A pyrope_index* is owned by exactly one Java object, which frees it once. The library
//    does no locking: concurrent const calls (search, write, getters) are safe; train/add
//    must be exclusive, which the Java side guarantees with a read-write lock.
#ifndef PYROPE_FAISS_H
#define PYROPE_FAISS_H

#include <stdint.h>

// The library is built with -fvisibility=hidden: only what is marked PYROPE_API is exported.
#define PYROPE_API __attribute__((visibility("default")))

#ifdef __cplusplus
extern "C" {
#endif

#define PYROPE_ABI_VERSION 2

#define PYROPE_OK 0
#define PYROPE_E_BAD_ARGUMENT 1  // rejected by the shim itself (null handle, untrained index, ...)
#define PYROPE_E_FAISS 2         // faiss::FaissException
#define PYROPE_E_OUT_OF_MEMORY 3 // std::bad_alloc
#define PYROPE_E_STD 4           // any other std::exception
#define PYROPE_E_UNKNOWN 5       // anything else thrown (catch (...))

#define PYROPE_METRIC_L2 0
#define PYROPE_METRIC_INNER_PRODUCT 1
#define PYROPE_METRIC_OTHER 2  // an index read from a file with a metric Pyrope does not use

typedef struct pyrope_index pyrope_index;

// The message of the last failure on the calling thread ("" if none yet).
PYROPE_API const char* pyrope_last_error(void);
PYROPE_API int pyrope_abi_version(void);

// --- lifecycle -------------------------------------------------------------------------
// index_factory(dim, factory, metric). *out receives the handle.
PYROPE_API int pyrope_index_create(int32_t dim, const char* factory, int32_t metric, pyrope_index** out);
// faiss::read_index(path). *out receives the handle.
PYROPE_API int pyrope_index_read(const char* path, pyrope_index** out);
// faiss::write_index(index, path). Const on the index.
PYROPE_API int pyrope_index_write(const pyrope_index* h, const char* path);
// Frees the index. NULL is a no-op.
PYROPE_API void pyrope_index_free(pyrope_index* h);

// --- getters (value, or -PYROPE_E_* on a null handle) ------------------------------------
PYROPE_API int32_t pyrope_index_dim(const pyrope_index* h);
PYROPE_API int64_t pyrope_index_ntotal(const pyrope_index* h);
PYROPE_API int32_t pyrope_index_is_trained(const pyrope_index* h);
PYROPE_API int32_t pyrope_index_metric(const pyrope_index* h);
// 1 if search() applies a label selector inside FAISS, 0 if it would reject one (the caller
// then post-filters). Decided by index type; see supports_selector() in pyrope_search.cpp.
PYROPE_API int32_t pyrope_supports_selector(const pyrope_index* h);
// A factory-style description ("IVF100,Flat", "HNSW32", "SQ8"), best effort; falls back to
// the FAISS class name. Writes at most cap bytes including the NUL; returns the full length.
PYROPE_API int32_t pyrope_index_describe(const pyrope_index* h, char* buf, int32_t cap);

// --- mutation (exclusive) ----------------------------------------------------------------
PYROPE_API int pyrope_index_train(pyrope_index* h, int64_t n, const float* x);
// Appends n vectors; they get labels ntotal .. ntotal+n-1.
PYROPE_API int pyrope_index_add(pyrope_index* h, int64_t n, const float* x);

// --- search (concurrent) -------------------------------------------------------------------
// n queries of dim floats; writes n*k distances and labels (label -1 pads missing results).
// nprobe (IVF family) and ef_search (HNSW family) <= 0 mean the index's own setting; a value
// for a family the index does not belong to is ignored. allow_words: NULL, or an allow-list
// bitmap of nwords 64-bit words in little-endian bit order (label i allowed iff bit (i & 63)
// of word i >> 6 is set; the same bytes as faiss::IDSelectorBitmap); labels past the bitmap
// are not allowed. A bitmap on an index without selector support is PYROPE_E_BAD_ARGUMENT.
PYROPE_API int pyrope_index_search(const pyrope_index* h, int64_t n, const float* x, int64_t k,
                                   int32_t nprobe, int32_t ef_search, const uint64_t* allow_words,
                                   int64_t nwords, float* distances, int64_t* labels);

// --- threads and benchmarks ---------------------------------------------------------------
// omp_set_num_threads(n) for the CALLING thread only (OpenMP's nthreads-var is per thread).
PYROPE_API int pyrope_set_omp_threads(int32_t n);
PYROPE_API int32_t pyrope_get_omp_threads(void);
// The reference loop for JNA-overhead benchmarks, entirely in C++ on the calling thread with
// OpenMP at one thread: iters times, for each of nq queries, index->search(1, q, k, ...) with
// the same parameters (and HNSW efSearch work-around) pyrope_index_search uses. *nanos_out
// gets the elapsed time.
PYROPE_API int pyrope_bench_search_loop(const pyrope_index* h, int64_t nq, const float* x, int64_t k,
                                        int32_t nprobe, int32_t ef_search, int32_t iters,
                                        int64_t* nanos_out);

#ifdef __cplusplus
}  // extern "C"
#endif

#endif  // PYROPE_FAISS_H
