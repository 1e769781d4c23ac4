// pyrope_faiss: the only native code in Pyrope. A thin extern "C" layer over FAISS.
//
// Contract with the Java side (io.pyrope.search.faiss):
//  * every function returns an int status (0 = ok) and never lets a C++ exception escape:
//    an exception crossing the JNI/JNA boundary aborts the JVM with no Java trace;
//  * on failure the message is kept in a thread_local string that Java reads right after,
//    on the same thread, with pyrope_last_error();
#include <exception>
#include <new>
#include <string>

#include <faiss/impl/FaissException.h>

namespace {
thread_local std::string last_error;

int fail(int code, const char* what) {
  last_error = what ? what : "unknown error";
  return code;
}
}  // namespace

extern "C" {

const char* pyrope_last_error() { return last_error.c_str(); }

// A constant to check at load time that Java and the library agree on the ABI.
int pyrope_abi_version() { return 1; }

}  // extern "C"
