package io.pyrope.resp.protocol;

/**
 * Formats a double the way Redis 7.2+ does ({@code d2string} and {@code fpconv_dtoa} in util.c and
 * fpconv_dtoa.c): "nan", "inf", "-inf", "0", "-0"; an integral value up to 2^62 as an integer
 * ("3", not "3.0"); anything else from the shortest digits that read back as the same double,
 * laid out as fpconv does ("0.1", "123.456", "1e-7", "1.5e+300").
 *
 * <p>The digits come from {@link Double#toString(double)}, which always round-trips; on Java 17 it
 * may, for a few values, give a digit more than the shortest (fixed in Java 19). Clients parse
 * either, and the exact-text tests use values it prints shortest.
 */
final class RespDoubles {

  /** Redis's double2ll bound: (double) (LLONG_MAX / 2), which is 2^62. */
  private static final double LONG_SAFE = (double) (Long.MAX_VALUE / 2);

  private RespDoubles() {}

  static String format(double d) {
    if (Double.isNaN(d)) {
      return "nan";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "inf" : "-inf";
    }
    if (d == 0) {
      return 1 / d < 0 ? "-0" : "0";
    }
    if (d >= -LONG_SAFE && d <= LONG_SAFE && d == Math.rint(d)) {
      return Long.toString((long) d);
    }
    return fromJavaDigits(Double.toString(d));
  }

  /** Re-lays Java's "d.ddd", "d.dddE±n" as fpconv's {@code emit_digits} would. */
  private static String fromJavaDigits(String java) {
    boolean neg = java.charAt(0) == '-';
    int e = java.indexOf('E');
    String mantissa = java.substring(neg ? 1 : 0, e < 0 ? java.length() : e);
    int exp10 = e < 0 ? 0 : Integer.parseInt(java.substring(e + 1));
    int dot = mantissa.indexOf('.');
    StringBuilder digits = new StringBuilder(mantissa.length());
    digits.append(mantissa, 0, dot).append(mantissa, dot + 1, mantissa.length());
    // value = digits * 10^k
    int k = exp10 - (mantissa.length() - dot - 1);
    int lead = 0;
    while (lead < digits.length() - 1 && digits.charAt(lead) == '0') {
      lead++;
    }
    digits.delete(0, lead);
    while (digits.length() > 1 && digits.charAt(digits.length() - 1) == '0') {
      digits.setLength(digits.length() - 1);
      k++;
    }
    return (neg ? "-" : "") + emit(digits.toString(), k);
  }

  private static String emit(String digits, int k) {
    int n = digits.length();
    int exp = Math.abs(k + n - 1);
    StringBuilder out = new StringBuilder(n + 8);
    if (k >= 0 && exp < n + 7) { // plain integer
      out.append(digits);
      out.append("0".repeat(k));
      return out.toString();
    }
    if (k < 0 && (k > -7 || exp < 4)) { // plain decimal
      int offset = n + k;
      if (offset <= 0) {
        out.append("0.").append("0".repeat(-offset)).append(digits);
      } else {
        out.append(digits, 0, offset).append('.').append(digits, offset, n);
      }
      return out.toString();
    }
    out.append(digits.charAt(0)); // scientific
    if (n > 1) {
      out.append('.').append(digits, 1, n);
    }
    return out.append('e').append(k + n - 1 < 0 ? '-' : '+').append(exp).toString();
  }
}
