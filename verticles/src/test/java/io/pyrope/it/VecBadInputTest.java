package io.pyrope.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pyrope.node.PyropeNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Every kind of bad VEC.* input gets its own error code and a sentence naming what was wrong,
 * and the node keeps serving the same connection afterwards.
 */
class VecBadInputTest {
  private static final String T = "bad";
  private static final String IX = "ix4";
  private static PyropeNode node;
  private Jedis j;

  @BeforeAll
  static void startNode() {
    node = TestNodes.shared();
  }

  @BeforeEach
  void createIndex() {
    j = new Jedis("127.0.0.1", node.respPort());
    VecClient.send(j, "VEC.CREATE", T, IX, "DIM", 4, "METRIC", "l2");
    VecClient.send(j, "VEC.ADD", T, IX, "a", "VECTOR", "[1,2,3,4]");
  }

  @AfterEach
  void dropIndexAndCheckServing() {
    assertEquals("PONG", j.ping());
    VecClient.send(j, "VEC.DROP", T, IX);
    j.close();
  }

  private String error(Object... args) {
    String command = (String) args[0];
    Object[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
    return assertThrows(JedisDataException.class, () -> VecClient.send(j, command, rest)).getMessage();
  }

  private static void assertStarts(String prefix, String actual) {
    assertTrue(actual.startsWith(prefix), "expected '" + prefix + "…' but got '" + actual + "'");
  }

  @Test
  void wrongDimension() {
    assertEquals("VEC_ERR_DIM expected 4 got 3", error("VEC.ADD", T, IX, "b", "VECTOR", "[1,2,3]"));
    assertEquals("VEC_ERR_DIM expected 4 got 2", error("VEC.SEARCH", T, IX, "TOPK", 1, "VECTOR", "[1,2]"));
  }

  @Test
  void nanAndInfinityComponents() {
    byte[] blob = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putFloat(1).putFloat(Float.NaN).putFloat(0)
        .putFloat(0).array();
    assertStarts("VEC_ERR_SYNTAX", error("VEC.ADD", T, IX, "b", "VECTOR", blob));
    assertStarts("VEC_ERR_SYNTAX", error("VEC.SEARCH", T, IX, "TOPK", 1, "VALUES", 4, "1", "inf", "0", "0"));
  }

  @Test
  void emptyVector() {
    assertEquals("VEC_ERR_SYNTAX the vector is empty", error("VEC.ADD", T, IX, "b", "VECTOR", ""));
    assertEquals("VEC_ERR_SYNTAX the vector is empty", error("VEC.ADD", T, IX, "b", "VECTOR", "[]"));
  }

  @Test
  void truncatedBlob() {
    assertStarts("VEC_ERR_SYNTAX the vector blob has 13 bytes",
        error("VEC.SEARCH", T, IX, "TOPK", 1, "VECTOR", new byte[13]));
  }

  @Test
  void unknownIndexAndTenant() {
    assertStarts("VEC_ERR_NOT_FOUND", error("VEC.SEARCH", T, "nope", "TOPK", 1, "VECTOR", "[1,2,3,4]"));
    assertStarts("VEC_ERR_NOT_FOUND", error("VEC.ADD", "nobody", IX, "b", "VECTOR", "[1,2,3,4]"));
    assertStarts("VEC_ERR_NOT_FOUND", error("VEC.GET", T, IX, "missing-id"));
  }

  @Test
  void oversizedMeta() {
    String big = "{\"x\":\"" + "y".repeat(70_000) + "\"}";
    assertStarts("VEC_ERR_LIMIT meta is", error("VEC.ADD", T, IX, "b", "VECTOR", "[1,2,3,4]", "META", big));
  }

  @Test
  void metaThatIsNotAJsonObject() {
    assertStarts("VEC_ERR_SYNTAX", error("VEC.ADD", T, IX, "b", "VECTOR", "[1,2,3,4]", "META", "[1,2]"));
    assertStarts("VEC_ERR_SYNTAX", error("VEC.ADD", T, IX, "b", "VECTOR", "[1,2,3,4]", "META", "{oops"));
  }

  @Test
  void tooManyTags() {
    StringBuilder tags = new StringBuilder();
    for (int i = 0; i < 100; i++) {
      tags.append("t").append(i).append(',');
    }
    assertStarts("VEC_ERR_LIMIT", error("VEC.ADD", T, IX, "b", "VECTOR", "[1,2,3,4]", "TAGS", tags.toString()));
  }

  @Test
  void badFilterNamesThePosition() {
    assertStarts("VEC_ERR_SYNTAX bad filter at position",
        error("VEC.SEARCH", T, IX, "TOPK", 1, "VECTOR", "[1,2,3,4]", "FILTER", "price >"));
  }

  @Test
  void topKZeroOrHuge() {
    assertStarts("VEC_ERR_SYNTAX TOPK must be from 1", error("VEC.SEARCH", T, IX, "TOPK", 0, "VECTOR", "[1,2,3,4]"));
    assertStarts("VEC_ERR_LIMIT", error("VEC.SEARCH", T, IX, "TOPK", 100_000, "VECTOR", "[1,2,3,4]"));
    assertStarts("VEC_ERR_LIMIT", error("VEC.SEARCH", T, IX, "TOPK", 9_999_999_999L, "VECTOR", "[1,2,3,4]"));
  }

  @Test
  void unknownFactoryString() {
    assertStarts("VEC_ERR_SYNTAX", error("VEC.CREATE", T, "fx", "DIM", 4, "METRIC", "l2", "FACTORY", "Bogus123"));
  }

  @Test
  void badMetricAndDim() {
    assertStarts("VEC_ERR_SYNTAX", error("VEC.CREATE", T, "m", "DIM", 4, "METRIC", "manhattan"));
    assertStarts("VEC_ERR_LIMIT", error("VEC.CREATE", T, "m", "DIM", 100_000, "METRIC", "l2"));
    assertStarts("VEC_ERR_SYNTAX", error("VEC.CREATE", T, "m", "DIM", "four", "METRIC", "l2"));
  }

  @Test
  void badNames() {
    assertStarts("VEC_ERR_SYNTAX", error("VEC.CREATE", "bad tenant!", "x", "DIM", 4, "METRIC", "l2"));
  }

  @Test
  void duplicateAddAndDuplicateIndex() {
    assertStarts("VEC_ERR_EXISTS", error("VEC.ADD", T, IX, "a", "VECTOR", "[1,2,3,4]"));
    assertStarts("VEC_ERR_EXISTS", error("VEC.CREATE", T, IX, "DIM", 4, "METRIC", "l2"));
  }

  @Test
  void unknownOptionsAreNamed() {
    assertEquals("VEC_ERR_SYNTAX unknown VEC.SEARCH option 'BOGUS', expected TOPK, VECTOR, VALUES, FILTER, WITHMETA,"
        + " PARAMS, CACHE_HINT, REQUEST_ID or TRACE", error("VEC.SEARCH", T, IX, "TOPK", 1, "VECTOR", "[1,2,3,4]", "BOGUS"));
    assertStarts("VEC_ERR_SYNTAX unknown search parameter 'x=1'",
        error("VEC.SEARCH", T, IX, "TOPK", 1, "VECTOR", "[1,2,3,4]", "PARAMS", "x=1"));
  }

  @Test
  void ivfThatCannotBeTrainedFailsAsAnErrorNotACrash() {
    VecClient.send(j, "VEC.CREATE", T, "ivf", "DIM", 4, "METRIC", "l2", "FACTORY", "IVF256,Flat");
    try {
      for (int i = 0; i < 50; i++) {
        VecClient.send(j, "VEC.ADD", T, "ivf", "r" + i, "VECTOR", "[" + i + ",1,2,3]");
      }
      Object reply;
      try {
        reply = VecClient.send(j, "VEC.BUILD", T, "ivf");
      } catch (JedisDataException e) {
        reply = e.getMessage();
      }
      assertTrue(String.valueOf(reply).length() > 0);
      // Whatever the build said, searches are still answered from the head.
      assertEquals("r0", VecClient.ids(VecClient.send(j, "VEC.SEARCH", T, "ivf", "TOPK", 1, "VECTOR", "[0,1,2,3]"))
          .get(0));
    } finally {
      VecClient.send(j, "VEC.DROP", T, "ivf");
    }
  }
}
