import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Open-loop RESP load at a fixed rate, for "p99 at a given load" (redis-benchmark only runs
 * closed-loop at full speed). Each connection sends one fixed command at evenly spaced
 * scheduled times; latency is measured from the scheduled time (so a stalled server is not
 * hidden by a stalled client: no coordinated omission) to the end of the reply.
 *
 * <pre>java [-Dbatch=B] RespRateLoad.java HOST PORT RATE_PER_S CONNECTIONS SECONDS CMD [ARG …]</pre>
 *
 * With {@code -Dbatch=B} (B &gt; 1) each scheduled send is B commands in one write (pipelining, as
 * a client batching its requests does), still at RATE_PER_S commands per second in all; every
 * reply is measured from its batch's scheduled time. The sender then parks until the scheduled
 * time instead of spinning (a late wake-up counts against the server's latency, never for it).
 *
 * Prints achieved rate and p50/p90/p99/p99.9/max in microseconds. Plain JDK, no dependencies.
 */
public class RespRateLoad {
  /** Histogram resolution: 1 µs buckets up to this, then clamped. */
  private static final int MAX_MICROS = 1_000_000;
  /** Warm-up excluded from the statistics. */
  private static final double WARMUP_S = 2;

  public static void main(String[] a) throws Exception {
    String host = a[0];
    int port = Integer.parseInt(a[1]);
    double rate = Double.parseDouble(a[2]);
    int conns = Integer.parseInt(a[3]);
    double seconds = Double.parseDouble(a[4]);
    int batch = Integer.getInteger("batch", 1);
    byte[] one = encode(java.util.Arrays.copyOfRange(a, 5, a.length));
    byte[] cmd = new byte[one.length * batch];
    for (int i = 0; i < batch; i++) {
      System.arraycopy(one, 0, cmd, i * one.length, one.length);
    }
    AtomicLongArray hist = new AtomicLongArray(MAX_MICROS + 1);
    long intervalNanos = (long) (1e9 * conns * batch / rate);
    long start = System.nanoTime() + 200_000_000L;
    long warmEnd = start + (long) (WARMUP_S * 1e9);
    long end = start + (long) (seconds * 1e9);
    List<Thread> threads = new ArrayList<>();
    long[] counted = new long[conns];
    for (int c = 0; c < conns; c++) {
      Socket s = new Socket(host, port);
      s.setTcpNoDelay(true);
      OutputStream out = s.getOutputStream();
      InputStream in = new BufferedInputStream(s.getInputStream(), 1 << 16);
      BlockingQueue<Long> sent = new ArrayBlockingQueue<>(1 << 20);
      long offset = intervalNanos * c / conns;
      int id = c;
      Thread sender = new Thread(() -> {
        try {
          for (long t = start + offset; t < end; t += intervalNanos) {
            long wait;
            while ((wait = t - System.nanoTime()) > 0) {
              if (batch > 1) {
                java.util.concurrent.locks.LockSupport.parkNanos(wait);
              } else if (wait > 100_000) {
                TimeUnit.NANOSECONDS.sleep(wait - 50_000);
              } else {
                Thread.onSpinWait();
              }
            }
            sent.put(t);
            out.write(cmd);
          }
          sent.put(-1L);
        } catch (Exception e) {
          throw new RuntimeException(e);
        }
      });
      Thread reader = new Thread(() -> {
        try {
          while (true) {
            long t = sent.take();
            if (t < 0) {
              break;
            }
            for (int k = 0; k < batch; k++) {
              skipReply(in);
              long done = System.nanoTime();
              if (t >= warmEnd) {
                hist.incrementAndGet((int) Math.min(MAX_MICROS, (done - t) / 1000));
                counted[id]++;
              }
            }
          }
          s.close();
        } catch (Exception e) {
          throw new RuntimeException(e);
        }
      });
      threads.add(sender);
      threads.add(reader);
    }
    threads.forEach(Thread::start);
    for (Thread t : threads) {
      t.join();
    }
    long total = 0;
    for (long n : counted) {
      total += n;
    }
    double measured = seconds - WARMUP_S;
    System.out.printf(Locale.ROOT, "target %.0f/s, achieved %.0f/s over %.1f s, %d connections, batch %d%n", rate,
        total / measured, measured, conns, batch);
    System.out.printf(Locale.ROOT, "latency µs: p50 %d  p90 %d  p99 %d  p99.9 %d  max %d%n", pct(hist, total, 0.50),
        pct(hist, total, 0.90), pct(hist, total, 0.99), pct(hist, total, 0.999), pct(hist, total, 1.0));
  }

  private static long pct(AtomicLongArray h, long total, double p) {
    long want = (long) Math.ceil(total * p);
    long seen = 0;
    for (int i = 0; i <= MAX_MICROS; i++) {
      seen += h.get(i);
      if (seen >= want && want > 0) {
        return i;
      }
    }
    return MAX_MICROS;
  }

  private static byte[] encode(String[] args) {
    StringBuilder sb = new StringBuilder("*").append(args.length).append("\r\n");
    for (String x : args) {
      sb.append('$').append(x.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(x).append("\r\n");
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Reads one complete RESP2/RESP3 reply and discards it. */
  private static void skipReply(InputStream in) throws IOException {
    int type = in.read();
    String line = readLine(in);
    switch (type) {
      case '+', ':', ',', '#', '_' -> { }
      case '-' -> throw new IOException("server error: " + line);
      case '$', '=', '!' -> {
        long n = Long.parseLong(line);
        if (n >= 0) {
          in.skipNBytes(n + 2);
        }
      }
      case '*', '~', '>' -> {
        long n = Long.parseLong(line);
        for (long i = 0; i < n; i++) {
          skipReply(in);
        }
      }
      case '%' -> {
        long n = Long.parseLong(line);
        for (long i = 0; i < 2 * n; i++) {
          skipReply(in);
        }
      }
      default -> throw new IOException("unexpected reply type " + (char) type);
    }
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    int c;
    while ((c = in.read()) != '\r') {
      if (c < 0) {
        throw new IOException("connection closed");
      }
      sb.append((char) c);
    }
    in.read();
    return sb.toString();
  }
}
