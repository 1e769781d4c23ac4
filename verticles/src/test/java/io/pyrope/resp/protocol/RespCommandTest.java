package io.pyrope.resp.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pyrope.bus.ErrorCode;
import io.pyrope.bus.VecException;
import org.junit.jupiter.api.Test;

class RespCommandTest {

  @Test
  void nameIsUpperCasedAndCached() {
    RespCommand cmd = RespCommand.of("vAdd", "idx");
    assertEquals("VADD", cmd.name());
    assertSame(cmd.name(), cmd.name());
  }

  @Test
  void nameIgnoresTheDefaultLocale() {
    java.util.Locale saved = java.util.Locale.getDefault();
    try {
      java.util.Locale.setDefault(java.util.Locale.forLanguageTag("tr"));
      assertEquals("INFO", RespCommand.of("info").name());
    } finally {
      java.util.Locale.setDefault(saved);
    }
  }

  @Test
  void argCountIncludesTheName() {
    assertEquals(3, RespCommand.of("SET", "k", "v").argCount());
  }

  @Test
  void argStringDecodesUtf8() {
    assertEquals("日本", RespCommand.of("ECHO", "日本").argString(1));
  }

  @Test
  void argLongFollowsRedisRules() {
    RespCommand cmd = RespCommand.of("X", "0", "-17", "9223372036854775807", "-9223372036854775808");
    assertEquals(0, cmd.argLong(1));
    assertEquals(-17, cmd.argLong(2));
    assertEquals(Long.MAX_VALUE, cmd.argLong(3));
    assertEquals(Long.MIN_VALUE, cmd.argLong(4));
  }

  @Test
  void argLongRejectsNonIntegersWithRedisText() {
    for (String bad : new String[] {"", "abc", "1.5", "+1", "01", "-0", " 1", "1 ", "9223372036854775808",
        "-9223372036854775809", "12345678901234567890123"}) {
      VecException e = assertThrows(VecException.class, () -> RespCommand.of("X", bad).argLong(1), bad);
      assertEquals(ErrorCode.ERR, e.code());
      assertEquals("ERR value is not an integer or out of range", e.toRespError());
    }
  }

  @Test
  void argIsComparesKeywordsIgnoringAsciiCase() {
    RespCommand cmd = RespCommand.of("VADD", "fp32", "k@");
    assertTrue(cmd.argIs(1, "FP32"));
    assertFalse(cmd.argIs(1, "FP3"));
    assertFalse(cmd.argIs(2, "K`")); // '@' and '`' differ only in bit 0x20 but are not letters
  }

  @Test
  void ofCopiesBinaryArguments() {
    byte[] arg = {1, 2};
    RespCommand cmd = RespCommand.of("X".getBytes(), arg);
    arg[0] = 9;
    assertEquals(1, cmd.arg(1)[0]);
  }

  @Test
  void aCommandNeedsAName() {
    assertThrows(IllegalArgumentException.class, () -> RespCommand.of(new String[0]));
  }
}
