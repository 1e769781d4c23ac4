// pyrope_faiss: the only native code in Pyrope. A thin extern "C" layer over FAISS 1.7.3.
//
// Contract with the Java side (io.pyrope.search.faiss):
//  * every function returns an int status (0 = ok) and never lets a C++ exception escape:
//    an exception crossing the JNI/JNA boundary aborts the JVM with no Java trace. Every
//    body runs inside pyrope::guarded() (shim_internal.h), the single catch ladder;
//  * on failure the message is kept in a thread_local string that Java reads right after,
//    on the same thread, with pyrope_last_error();
//  * handles are owned by one Java object; this library never frees a handle on its own and
//    keeps no global state besides the per-thread error string.
//
// This file: errors, lifecycle, getters, train/add, file I/O and OpenMP threads. Search,
// selectors and the benchmark loop are in pyrope_search.cpp.
#include <omp.h>

#include <algorithm>

#include <faiss/index_factory.h>
#include <faiss/index_io.h>

#include "shim_internal.h"

namespace {
thread_local std::string last_error;

faiss::MetricType to_faiss_metric(int32_t metric) {
  switch (metric) {
    case PYROPE_METRIC_L2: return faiss::METRIC_L2;
    case PYROPE_METRIC_INNER_PRODUCT: return faiss::METRIC_INNER_PRODUCT;
    default: throw pyrope::BadArgument("unknown metric code " + std::to_string(metric));
  }
}

void require_vectors(int64_t n, const float* x, const char* what) {
  if (n < 0) throw pyrope::BadArgument(std::string(what) + ": negative vector count " + std::to_string(n));
  if (n > 0 && x == nullptr) throw pyrope::BadArgument(std::string(what) + ": null vector array");
}
}  // namespace

namespace pyrope {
int fail(int code, const char* msg) noexcept {
  try {
    last_error = msg ? msg : "unknown error";
  } catch (...) {
    // keep the previous message; the code alone still classifies the failure
  }
  return code;
}
}  // namespace pyrope

extern "C" {

const char* pyrope_last_error(void) { return last_error.c_str(); }

// Checked by Java at load time: Java and the library must agree on every signature.
int pyrope_abi_version(void) { return PYROPE_ABI_VERSION; }

int pyrope_index_create(int32_t dim, const char* factory, int32_t metric, pyrope_index** out) {
  return pyrope::guarded([&] {
    if (out == nullptr) throw pyrope::BadArgument("create: null out pointer");
    *out = nullptr;
    if (dim <= 0) throw pyrope::BadArgument("create: dim must be > 0, got " + std::to_string(dim));
    if (factory == nullptr || *factory == '\0') throw pyrope::BadArgument("create: empty factory string");
    auto h = std::make_unique<pyrope_index>();
    h->index.reset(faiss::index_factory(dim, factory, to_faiss_metric(metric)));
    *out = h.release();
  });
}

int pyrope_index_read(const char* path, pyrope_index** out) {
  return pyrope::guarded([&] {
    if (out == nullptr) throw pyrope::BadArgument("read: null out pointer");
    *out = nullptr;
    if (path == nullptr || *path == '\0') throw pyrope::BadArgument("read: empty path");
    auto h = std::make_unique<pyrope_index>();
    h->index.reset(faiss::read_index(path));
    *out = h.release();
  });
}

int pyrope_index_write(const pyrope_index* h, const char* path) {
  return pyrope::guarded([&] {
    const faiss::Index& index = pyrope::index_of(h);
    if (path == nullptr || *path == '\0') throw pyrope::BadArgument("write: empty path");
    faiss::write_index(&index, path);
  });
}

void pyrope_index_free(pyrope_index* h) {
  // delete runs FAISS destructors, which do not throw; guarded() anyway, by the rule.
  pyrope::guarded([&] { delete h; });
}

int32_t pyrope_index_dim(const pyrope_index* h) {
  return pyrope::guarded_value<int32_t>([&] { return static_cast<int32_t>(pyrope::index_of(h).d); });
}

int64_t pyrope_index_ntotal(const pyrope_index* h) {
  return pyrope::guarded_value<int64_t>([&] { return static_cast<int64_t>(pyrope::index_of(h).ntotal); });
}

int32_t pyrope_index_is_trained(const pyrope_index* h) {
  return pyrope::guarded_value<int32_t>([&] { return pyrope::index_of(h).is_trained ? 1 : 0; });
}

int32_t pyrope_index_metric(const pyrope_index* h) {
  return pyrope::guarded_value<int32_t>([&] {
    switch (pyrope::index_of(h).metric_type) {
      case faiss::METRIC_L2: return PYROPE_METRIC_L2;
      case faiss::METRIC_INNER_PRODUCT: return PYROPE_METRIC_INNER_PRODUCT;
      default: return PYROPE_METRIC_OTHER;
    }
  });
}

int32_t pyrope_supports_selector(const pyrope_index* h) {
  return pyrope::guarded_value<int32_t>([&] { return pyrope::supports_selector(pyrope::index_of(h)) ? 1 : 0; });
}

int32_t pyrope_index_describe(const pyrope_index* h, char* buf, int32_t cap) {
  return pyrope::guarded_value<int32_t>([&] {
    std::string d = pyrope::describe(pyrope::index_of(h));
    if (buf != nullptr && cap > 0) {
      size_t m = std::min(d.size(), static_cast<size_t>(cap) - 1);
      d.copy(buf, m);
      buf[m] = '\0';
    }
    return static_cast<int32_t>(d.size());
  });
}

int pyrope_index_train(pyrope_index* h, int64_t n, const float* x) {
  return pyrope::guarded([&] {
    faiss::Index& index = pyrope::mutable_index_of(h);
    require_vectors(n, x, "train");
    if (n == 0) throw pyrope::BadArgument("train: no training vectors");
    index.train(n, x);
  });
}

int pyrope_index_add(pyrope_index* h, int64_t n, const float* x) {
  return pyrope::guarded([&] {
    faiss::Index& index = pyrope::mutable_index_of(h);
    require_vectors(n, x, "add");
    if (!index.is_trained) throw pyrope::BadArgument("add: index is not trained; call train() first");
    if (n > 0) index.add(n, x);
  });
}

int pyrope_set_omp_threads(int32_t n) {
  return pyrope::guarded([&] {
    if (n <= 0) throw pyrope::BadArgument("omp threads must be > 0, got " + std::to_string(n));
    omp_set_num_threads(n);
  });
}

int32_t pyrope_get_omp_threads(void) {
  return pyrope::guarded_value<int32_t>([&] { return static_cast<int32_t>(omp_get_max_threads()); });
}

}  // extern "C"
