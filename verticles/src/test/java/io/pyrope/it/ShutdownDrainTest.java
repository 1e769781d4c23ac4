package io.pyrope.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pyrope.node.PyropeNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * Stopping a node while a client has a pipeline of searches in flight: every request already
 * read gets its reply before the connection closes (the drain), and the node stops.
 */
class ShutdownDrainTest {
  private static final int DIM = 64;
  private static final int ROWS = 20_000;
  private static final int SEARCHES = 300;

  @Test
  void inFlightSearchesAreAnsweredBeforeTheConnectionCloses() throws Exception {
    PyropeNode node = TestNodes.start();
    try {
      Random r = new Random(3);
      float[] data = new float[ROWS * DIM];
      for (int i = 0; i < data.length; i++) {
        data[i] = r.nextFloat();
      }
      try (Jedis j = new Jedis("127.0.0.1", node.respPort())) {
        VecClient.send(j, "VEC.CREATE", "drain", "flat", "DIM", DIM, "METRIC", "l2");
        VecClient.load(j, "drain", "flat", data, ROWS, DIM);
      }
      ByteArrayOutputStream pipeline = new ByteArrayOutputStream();
      for (int q = 0; q < SEARCHES; q++) {
        byte[] blob = VecClient.blob(data, (q % ROWS) * DIM, DIM);
        pipeline.write(("*7\r\n$10\r\nVEC.SEARCH\r\n$5\r\ndrain\r\n$4\r\nflat\r\n$4\r\nTOPK\r\n$1\r\n1\r\n$6\r\nVECTOR\r\n$"
            + blob.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        pipeline.write(blob);
        pipeline.write("\r\n".getBytes(StandardCharsets.US_ASCII));
      }
      try (RawClient c = new RawClient(node.respPort())) {
        c.send(pipeline.toByteArray());
        // The first reply proves the node has read the pipeline and started on it.
        assertEquals("*1", c.readLine());
        Thread closer = new Thread(node::close);
        closer.start();
        assertEquals("*2", c.readLine());
        int answered = 0;
        while (true) {
          String id = c.readLine();
          assertTrue(id.startsWith("$"), id);
          c.readLine();
          c.readLine(); // score header
          c.readLine(); // score
          answered++;
          if (answered == SEARCHES) {
            break;
          }
          assertEquals("*1", c.readLine());
          assertEquals("*2", c.readLine());
        }
        assertEquals(SEARCHES, answered);
        assertTrue(c.closedByServer(), "the node closes the connection after draining");
        closer.join(30_000);
      }
    } finally {
      node.close();
    }
  }
}
