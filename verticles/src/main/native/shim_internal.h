// shim_internal.h: what the shim's .cpp files share and nothing else sees (symbols here have
// hidden visibility in practice: the Makefile exports only the extern "C" pyrope_* names).
#ifndef PYROPE_SHIM_INTERNAL_H
#define PYROPE_SHIM_INTERNAL_H

#include <cstdint>
#include <exception>
#include <memory>
#include <new>
#include <stdexcept>
#include <string>

#include <faiss/Index.h>
#include <faiss/impl/FaissException.h>

#include "pyrope_faiss.h"

// The opaque handle behind pyrope_index*.
struct pyrope_index {
  std::unique_ptr<faiss::Index> index;  // the only owner of the FAISS index
};

namespace pyrope {

// Thrown by the shim's own checks; becomes PYROPE_E_BAD_ARGUMENT.
struct BadArgument : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Records msg as the calling thread's last error and returns code. Never throws: if even
// the copy fails, the previous message stays (the code still tells Java what happened).
int fail(int code, const char* msg) noexcept;

// Runs body and turns every C++ exception into a status code: the one place where the
// catch ladder lives, so no exception can ever cross into the JVM.
template <class Body>
int guarded(Body&& body) noexcept {
  try {
    body();
    return PYROPE_OK;
  } catch (const BadArgument& e) {
    return fail(PYROPE_E_BAD_ARGUMENT, e.what());
  } catch (const faiss::FaissException& e) {
    return fail(PYROPE_E_FAISS, e.what());
  } catch (const std::bad_alloc&) {
    return fail(PYROPE_E_OUT_OF_MEMORY, "out of native memory (std::bad_alloc)");
  } catch (const std::exception& e) {
    return fail(PYROPE_E_STD, e.what());
  } catch (...) {
    return fail(PYROPE_E_UNKNOWN, "unknown C++ exception (not a std::exception)");
  }
}

// Like guarded() for getters that return a non-negative value: -code on failure.
template <class T, class Body>
T guarded_value(Body&& body) noexcept {
  T value = 0;
  int rc = guarded([&] { value = body(); });
  return rc == PYROPE_OK ? value : static_cast<T>(-rc);
}

inline const faiss::Index& index_of(const pyrope_index* h) {
  if (h == nullptr || !h->index) throw BadArgument("null index handle");
  return *h->index;
}

inline faiss::Index& mutable_index_of(pyrope_index* h) {
  if (h == nullptr || !h->index) throw BadArgument("null index handle");
  return *h->index;
}

// Defined in pyrope_search.cpp.
bool supports_selector(const faiss::Index& index);
std::string describe(const faiss::Index& index);

}  // namespace pyrope

#endif  // PYROPE_SHIM_INTERNAL_H
