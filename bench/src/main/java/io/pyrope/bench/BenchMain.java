package io.pyrope.bench;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * {@code ./pyrope bench <mode> [options]}: the dataset benchmark.
 *
 * <ul>
 *   <li>{@code load}: create an index on a node and bulk-load an .fvecs (or IDX image) file over RESP;
 *   <li>{@code search}: run a query file against a node, QPS / latency / recall, or a sweep;
 *   <li>{@code inproc}: the same searches through the FAISS binding in this process, and in C++;
 *   <li>{@code compare}: one run of C++, JNA and RESP (concurrency 1, 2, 4) on one dataset;
 *   <li>{@code workload}: a stream of repeated and paraphrased qqp questions against the result cache;
 *   <li>{@code durability}: bulk loads into a node with the WAL and one without, alternating; their ratio.
 * </ul>
 * User errors (bad options, bad files, unreachable node, error replies) print one line and exit
 * with {@link #EXIT_USAGE}; anything else is a bug and prints its stack trace ({@link #EXIT_BUG}).
 */
public final class BenchMain {
  public static final int EXIT_OK = 0;
  /** A bug in the tool or the node: the stack trace is printed. */
  public static final int EXIT_BUG = 1;
  /** A user error: one line on stderr. */
  public static final int EXIT_USAGE = 2;

  static final String USAGE = """
      usage: ./pyrope bench <mode> [options]

      modes:
        load     --dataset BASE.fvecs|IMAGES-idx3-ubyte[.gz] --index tenant/index --metric l2|ip|cosine [--factory F]
                 [--params k=v,...] [--limit N] [--connections C] [--batch B] [--pipeline P]
                 [--build] [--drop] [--host H] [--port P]
        search   --queries Q.fvecs (--truth GT.ivecs | --dataset BASE) --index tenant/index [--k 10] [--limit N]
                 [--concurrency C] [--pipeline P] [--params nprobe=N,ef=N]
                 [--sweep ef=16,32,64 | nprobe=1,4,16] [--duration S | --repeat R] [--warmup W]
                 [--host H] [--port P]
        inproc   --dataset BASE.fvecs --queries Q.fvecs --truth GT.ivecs --metric l2|ip|cosine
                 --factory F [--params nprobe=N,ef=N] [--sweep ...] [--k 10] [--limit N]
                 [--train-size N] [--duration S | --repeat R] [--warmup W]
        compare  [--dataset BASE.fvecs --queries Q.fvecs --truth GT.ivecs --metric cosine]
                 [--factory HNSW32] [--params ef=64] [--concurrency 1,2,4] [--limit N]
                 [--duration S | --repeat R] [--port P [--host H] | --node-flags k=v,...]   (default: qqp-minilm 50k,
                 a node started in this process unless --port is given)
                 [--rounds N]   (N paired JNA/RESP one-client rounds; the median ratio decides)
        workload [--index tenant/index (qqp/workload) | --tenant T --index I] [--queries 5000]
                 [--zipf 1.1] [--seed 42] [--near-dup-rate 0.3] [--scan-burst N [--scan-at Q]]
                 [--write-rate 0.0] [--topk 10] [--params ef=N] [--connections 1] [--limit N]
                 [--factory HNSW32] [--drop | --no-load] [--no-verify] [--trace out.jsonl]
                 [--pairs qqp_pairs.jsonl] [--qqp-dir DIR] [--cache-dir DIR] [--host H] [--port P]
                 [--http-port P (flush the index's cache entries first)]
        durability --durable-port P --plain-port Q [--host H] [--dataset BASE.fvecs] [--metric cosine]
                 [--factory Flat] [--limit N] [--connections 4] [--batch 500] [--pipeline 4] [--rounds 7]
                 [--warmup 30]   (two running nodes: wal.enabled=true on P, wal.enabled=false on Q; default
                 dataset qqp-minilm 50k; the median of the paired rounds' ratios judges issue 5's target)

      every mode: --json FILE (or --json - for stdout; tables then go to stderr), --quiet
      Ids loaded are row numbers, so recall is computed against the ground-truth file as is.
      IDX files (MNIST / Fashion-MNIST images, plain or .gz) are read as float vectors of their
      pixels; they come with no ground truth: search --dataset BASE computes the exact top k by brute
      force over the first rows of BASE (as many as the index holds, i.e. what load sent).
      """;

  private BenchMain() {}

  public static void main(String[] args) {
    int code = run(args, System.out, System.err);
    System.exit(code);
  }

  /** Runs one mode; returns the exit code. Never calls System.exit (tests call this). */
  public static int run(String[] args, PrintStream stdout, PrintStream stderr) {
    Machine.init();
    if (args.length == 0) {
      stderr.print(USAGE);
      return EXIT_USAGE;
    }
    String mode = args[0];
    List<String> rest = Arrays.asList(args).subList(1, args.length);
    try {
      switch (mode) {
        case "load" -> LoadMode.run(Arrays.asList(args), rest, stdout, stderr);
        case "search" -> SearchMode.run(Arrays.asList(args), rest, stdout, stderr);
        case "inproc" -> InprocMode.run(Arrays.asList(args), rest, stdout, stderr);
        case "compare" -> CompareMode.run(Arrays.asList(args), rest, stdout, stderr);
        case "help", "-h", "--help" -> stdout.print(USAGE);
        case "workload" -> WorkloadMode.run(Arrays.asList(args), rest, stdout, stderr);
        case "durability" -> DurabilityMode.run(Arrays.asList(args), rest, stdout, stderr);
        default -> throw new BenchException("unknown mode '" + mode
            + "'; modes: load, search, inproc, compare, workload, durability");
      }
      return EXIT_OK;
    } catch (BenchException e) {
      stderr.println("pyrope bench: " + e.getMessage());
      stderr.flush();
      return EXIT_USAGE;
    } catch (OutOfMemoryError e) {
      stderr.println("pyrope bench: out of memory (" + e.getMessage() + "); raise -Xmx with PYROPE_BENCH_JAVA_OPTS");
      return EXIT_USAGE;
    } catch (RuntimeException e) {
      stderr.println("pyrope bench: internal error, please report it:");
      e.printStackTrace(stderr);
      return EXIT_BUG;
    }
  }
}
