// pyrope_search: per-call search parameters, label selectors, search, the C++ benchmark loop
// and index descriptions.
//
// Why per-call parameters: nprobe / efSearch live on the index in FAISS, and changing them
// there is a write racing with every concurrent search. FAISS 1.7.3 instead accepts a
// SearchParameters object per search() call, but each index type insists on its own
// subclass (IndexIVF throws "IndexIVF params have incorrect type" on a plain one) and some
// types reject any parameters at all. classify() below maps the index to what it accepts.
//
// Selector support in FAISS 1.7.3, checked against the library itself (see the Java test
// SelectorSupportTest and the notes in supports_selector()):
//   honours params->sel : IndexFlat(L2|IP), IndexHNSW* (Flat, SQ, PQ storage), IndexIVFFlat,
//                         IndexIVFPQ, IndexIVFScalarQuantizer, IndexScalarQuantizer, and
//                         IndexPreTransform over any of these (it forwards params);
//   throws              : IndexPQ ("selector not supported"), IndexIVFPQR ("selector and
//                         store_pairs cannot be combined"), IndexIVFFastScan, IndexFastScan,
//                         IndexLSH, IndexNSG, IndexRefine ("search params not supported").
// Anything not on the first list is reported unsupported and the Java side post-filters.
//
// FAISS 1.7.3 HNSW bug worked around here: HNSW::search sizes its candidate heap with the
// index's own efSearch (max(hnsw.efSearch, k)), and only the stopping rule reads
// SearchParametersHNSW::efSearch. A per-call efSearch above the index's therefore has no
// effect (siftsmall HNSW32: recall@10 stuck at 0.983 for efSearch 64..512, 1.000 when the
// index's field is raised). Since the heap is max(efSearch, k), searching for k' = efSearch
// neighbours and keeping the first k gives exactly the results of a true efSearch search
// (checked result-for-result on siftsmall). run_search() does that with thread_local
// scratch buffers. A per-call efSearch BELOW the index's still runs with the larger heap:
// that is FAISS's own 1.7.3 behaviour and not corrected.
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cxxabi.h>
#include <omp.h>
#include <typeinfo>
#include <vector>

#include <faiss/IndexFlat.h>
#include <faiss/IndexHNSW.h>
#include <faiss/IndexIVF.h>
#include <faiss/IndexIVFFastScan.h>
#include <faiss/IndexIVFFlat.h>
#include <faiss/IndexIVFPQ.h>
#include <faiss/IndexIVFPQR.h>
#include <faiss/IndexPQ.h>
#include <faiss/IndexPreTransform.h>
#include <faiss/IndexScalarQuantizer.h>
#include <faiss/impl/HNSW.h>
#include <faiss/impl/IDSelector.h>

#include "shim_internal.h"

namespace {

// What an index accepts as per-call SearchParameters.
enum class Family {
  IVF,       // SearchParametersIVF (nprobe, max_codes)
  HNSW,      // SearchParametersHNSW (efSearch)
  PLAIN,     // base SearchParameters (only sel)
  NO_PARAMS  // rejects or misreads any SearchParameters: always pass nullptr
};

struct Classified {
  const faiss::Index* effective;  // the index below any IndexPreTransform chain
  Family family;                  // what `effective` accepts
  bool selector;                  // whether `effective` honours params->sel
};

// IndexPreTransform::search forwards params unchanged to its sub-index, so the family is the
// sub-index's; everything else is classified by its own dynamic type (most derived first).
Classified classify(const faiss::Index& top) {
  const faiss::Index* idx = &top;
  while (auto* pt = dynamic_cast<const faiss::IndexPreTransform*>(idx)) idx = pt->index;

  if (dynamic_cast<const faiss::IndexIVFFastScan*>(idx)) return {idx, Family::NO_PARAMS, false};
  if (dynamic_cast<const faiss::IndexIVFPQR*>(idx)) return {idx, Family::IVF, false};
  if (dynamic_cast<const faiss::IndexIVFFlat*>(idx) || dynamic_cast<const faiss::IndexIVFPQ*>(idx) ||
      dynamic_cast<const faiss::IndexIVFScalarQuantizer*>(idx))
    return {idx, Family::IVF, true};
  // Other IVF variants take nprobe through the generic IndexIVF::search, but their scanners
  // were not checked against a selector: report none, Java post-filters.
  if (dynamic_cast<const faiss::IndexIVF*>(idx)) return {idx, Family::IVF, false};
  if (dynamic_cast<const faiss::IndexHNSW*>(idx)) return {idx, Family::HNSW, true};
  // IndexFlat1D searches through its own sorted permutation and ignores params.
  if (dynamic_cast<const faiss::IndexFlat1D*>(idx)) return {idx, Family::NO_PARAMS, false};
  if (dynamic_cast<const faiss::IndexFlat*>(idx) || dynamic_cast<const faiss::IndexScalarQuantizer*>(idx))
    return {idx, Family::PLAIN, true};
  // IndexPQ wants SearchParametersPQ and throws on sel; LSH, NSG, Refine, FastScan, ... throw
  // on any params. Nothing to gain from passing params to them.
  return {idx, Family::NO_PARAMS, false};
}

// The parameters for one search call, built on the stack: no allocation per call.
struct CallParams {
  faiss::SearchParametersIVF ivf;
  faiss::SearchParametersHNSW hnsw;
  faiss::SearchParameters plain;
  faiss::SearchParameters* chosen = nullptr;  // what to pass to search(); nullptr = none
};

// Fills `out` for (nprobe, ef_search, sel). Overrides that do not apply to the family are
// ignored, except nprobe on an IVF index that cannot take parameters: that would silently
// search with a different nprobe than asked, so it is an error.
void build_params(const Classified& c, int32_t nprobe, int32_t ef_search, const faiss::IDSelector* sel,
                  CallParams& out) {
  if (sel != nullptr && !c.selector)
    throw pyrope::BadArgument(
        "search: this index type does not support label selectors in FAISS 1.7.3 "
        "(check pyrope_supports_selector and post-filter)");
  switch (c.family) {
    case Family::IVF: {
      if (nprobe <= 0 && sel == nullptr) return;  // index defaults, no params at all
      auto* ivf = static_cast<const faiss::IndexIVF*>(c.effective);
      // A SearchParametersIVF replaces the index's values: start from the index's own.
      out.ivf.nprobe = nprobe > 0 ? static_cast<size_t>(nprobe) : ivf->nprobe;
      out.ivf.max_codes = ivf->max_codes;
      out.ivf.sel = const_cast<faiss::IDSelector*>(sel);
      out.chosen = &out.ivf;
      return;
    }
    case Family::HNSW: {
      if (ef_search <= 0 && sel == nullptr) return;
      auto* hnsw = static_cast<const faiss::IndexHNSW*>(c.effective);
      out.hnsw.efSearch = ef_search > 0 ? ef_search : hnsw->hnsw.efSearch;
      out.hnsw.check_relative_distance = hnsw->hnsw.check_relative_distance;
      out.hnsw.sel = const_cast<faiss::IDSelector*>(sel);
      out.chosen = &out.hnsw;
      return;
    }
    case Family::PLAIN:
      if (sel == nullptr) return;
      out.plain.sel = const_cast<faiss::IDSelector*>(sel);
      out.chosen = &out.plain;
      return;
    case Family::NO_PARAMS:
      if (nprobe > 0 && dynamic_cast<const faiss::IndexIVF*>(c.effective))
        throw pyrope::BadArgument(
            "search: this IVF index type (fast-scan) does not accept a per-query nprobe in FAISS 1.7.3");
      return;
  }
}

// The neighbour count to ask FAISS for so that a per-call efSearch takes effect (see the
// note at the top of this file); k itself when no widening is needed.
int64_t widened_k(const Classified& c, const CallParams& p, int64_t k) {
  if (c.family != Family::HNSW || p.chosen != &p.hnsw) return k;
  auto* hnsw = static_cast<const faiss::IndexHNSW*>(c.effective);
  int64_t heap = std::max<int64_t>(hnsw->hnsw.efSearch, k);
  return p.hnsw.efSearch > heap ? p.hnsw.efSearch : k;
}

// index.search(n, x, k, ...) with the call parameters, widening k for HNSW when needed.
void run_search(const faiss::Index& index, const Classified& c, const CallParams& p, int64_t n, const float* x,
                int64_t k, float* distances, int64_t* labels) {
  static_assert(sizeof(faiss::Index::idx_t) == sizeof(int64_t), "FAISS labels must be 64-bit");
  auto* out_labels = reinterpret_cast<faiss::Index::idx_t*>(labels);
  const int64_t kw = widened_k(c, p, k);
  if (kw == k) {
    index.search(n, x, k, distances, out_labels, p.chosen);
    return;
  }
  thread_local std::vector<float> wide_distances;
  thread_local std::vector<faiss::Index::idx_t> wide_labels;
  wide_distances.resize(static_cast<size_t>(n * kw));
  wide_labels.resize(static_cast<size_t>(n * kw));
  index.search(n, x, kw, wide_distances.data(), wide_labels.data(), p.chosen);
  for (int64_t i = 0; i < n; ++i) {  // results are sorted: the first k of each row
    std::copy_n(wide_distances.data() + i * kw, k, distances + i * k);
    std::copy_n(wide_labels.data() + i * kw, k, out_labels + i * k);
  }
}

void check_search_args(const faiss::Index& index, int64_t n, const float* x, int64_t k, const float* distances,
                       const int64_t* labels) {
  if (n <= 0) throw pyrope::BadArgument("search: query count must be > 0, got " + std::to_string(n));
  if (k <= 0) throw pyrope::BadArgument("search: k must be > 0, got " + std::to_string(k));
  if (x == nullptr || distances == nullptr || labels == nullptr) throw pyrope::BadArgument("search: null array");
  // An untrained IVF index "searches" an empty quantizer and returns -1 everywhere: say so.
  if (!index.is_trained) throw pyrope::BadArgument("search: index is not trained; call train() and add() first");
}

std::string class_name(const faiss::Index& index) {
  const char* mangled = typeid(index).name();
  int status = 0;
  char* demangled = abi::__cxa_demangle(mangled, nullptr, nullptr, &status);
  std::string name = status == 0 && demangled ? demangled : mangled;
  std::free(demangled);
  if (name.rfind("faiss::", 0) == 0) name = name.substr(7);
  return name;
}

std::string describe_sq(faiss::ScalarQuantizer::QuantizerType t) {
  switch (t) {
    case faiss::ScalarQuantizer::QT_8bit: return "SQ8";
    case faiss::ScalarQuantizer::QT_4bit: return "SQ4";
    case faiss::ScalarQuantizer::QT_6bit: return "SQ6";
    case faiss::ScalarQuantizer::QT_fp16: return "SQfp16";
    case faiss::ScalarQuantizer::QT_8bit_uniform: return "SQ8_uniform";
    case faiss::ScalarQuantizer::QT_4bit_uniform: return "SQ4_uniform";
    case faiss::ScalarQuantizer::QT_8bit_direct: return "SQ8_direct";
  }
  return "SQ?";
}

std::string describe_pq(size_t m, size_t nbits) {
  // "np": the description must not trigger 50 s of polysemous training if re-used.
  return "PQ" + std::to_string(m) + "x" + std::to_string(nbits) + "np";
}

}  // namespace

namespace pyrope {

bool supports_selector(const faiss::Index& index) { return classify(index).selector; }

std::string describe(const faiss::Index& index) {
  if (dynamic_cast<const faiss::IndexFlat1D*>(&index)) return class_name(index);
  if (dynamic_cast<const faiss::IndexFlat*>(&index)) return "Flat";
  if (auto* sq = dynamic_cast<const faiss::IndexScalarQuantizer*>(&index)) return describe_sq(sq->sq.qtype);
  if (auto* pq = dynamic_cast<const faiss::IndexPQ*>(&index)) return describe_pq(pq->pq.M, pq->pq.nbits);
  if (auto* h = dynamic_cast<const faiss::IndexHNSW*>(&index)) {
    std::string d = "HNSW" + std::to_string(h->hnsw.nb_neighbors(1));
    if (h->storage == nullptr || dynamic_cast<const faiss::IndexHNSWFlat*>(h)) return d;
    return d + "," + describe(*h->storage);
  }
  if (auto* ivf = dynamic_cast<const faiss::IndexIVF*>(&index)) {
    std::string d = "IVF" + std::to_string(ivf->nlist) + ",";
    if (dynamic_cast<const faiss::IndexIVFPQR*>(ivf) || dynamic_cast<const faiss::IndexIVFFastScan*>(ivf))
      return d + class_name(index);
    if (dynamic_cast<const faiss::IndexIVFFlat*>(ivf)) return d + "Flat";
    if (auto* p = dynamic_cast<const faiss::IndexIVFPQ*>(ivf)) return d + describe_pq(p->pq.M, p->pq.nbits);
    if (auto* s = dynamic_cast<const faiss::IndexIVFScalarQuantizer*>(ivf)) return d + describe_sq(s->sq.qtype);
    return d + class_name(index);
  }
  return class_name(index);
}

}  // namespace pyrope

extern "C" {

int pyrope_index_search(const pyrope_index* h, int64_t n, const float* x, int64_t k, int32_t nprobe,
                        int32_t ef_search, const uint64_t* allow_words, int64_t nwords, float* distances,
                        int64_t* labels) {
  return pyrope::guarded([&] {
    const faiss::Index& index = pyrope::index_of(h);
    check_search_args(index, n, x, k, distances, labels);
    if (allow_words != nullptr && nwords < 0) throw pyrope::BadArgument("search: negative bitmap length");
    // IDSelectorBitmap reads bit (i % 8) of byte i / 8 for i < 8 * nbytes: on a little-endian
    // machine that is exactly bit (i % 64) of 64-bit word i / 64.
    faiss::IDSelectorBitmap bitmap(static_cast<size_t>(nwords) * 8,
                                   reinterpret_cast<const uint8_t*>(allow_words));
    const Classified c = classify(index);
    CallParams params;
    build_params(c, nprobe, ef_search, allow_words != nullptr ? &bitmap : nullptr, params);
    run_search(index, c, params, n, x, k, distances, labels);
  });
}

int pyrope_bench_search_loop(const pyrope_index* h, int64_t nq, const float* x, int64_t k, int32_t nprobe,
                             int32_t ef_search, int32_t iters, int64_t* nanos_out) {
  return pyrope::guarded([&] {
    const faiss::Index& index = pyrope::index_of(h);
    if (nanos_out == nullptr) throw pyrope::BadArgument("bench: null output");
    if (iters <= 0) throw pyrope::BadArgument("bench: iters must be > 0, got " + std::to_string(iters));
    std::vector<float> d(static_cast<size_t>(k > 0 ? k : 1));
    std::vector<int64_t> l(d.size());
    check_search_args(index, nq, x, k, d.data(), l.data());
    const Classified c = classify(index);
    CallParams params;
    build_params(c, nprobe, ef_search, nullptr, params);

    const int saved_threads = omp_get_max_threads();
    omp_set_num_threads(1);  // same setting as a Pyrope search worker
    struct Restore {
      int n;
      ~Restore() { omp_set_num_threads(n); }
    } restore{saved_threads};

    const int64_t dim = index.d;
    auto start = std::chrono::steady_clock::now();
    for (int32_t it = 0; it < iters; ++it) {
      for (int64_t q = 0; q < nq; ++q) {
        run_search(index, c, params, 1, x + q * dim, k, d.data(), l.data());
      }
    }
    auto elapsed = std::chrono::steady_clock::now() - start;
    *nanos_out = std::chrono::duration_cast<std::chrono::nanoseconds>(elapsed).count();
  });
}

}  // extern "C"
