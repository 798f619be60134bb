package multidriver.node.http;

import java.util.concurrent.atomic.LongAdder;

/** A Prometheus histogram with fixed buckets; lock-free, updated from many HTTP threads. */
final class LatencyHistogram {
  static final double[] BUCKET_SECONDS = {0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5};

  private final LongAdder[] buckets = new LongAdder[BUCKET_SECONDS.length];
  private final LongAdder count = new LongAdder();
  private final LongAdder sumNanos = new LongAdder();

  LatencyHistogram() {
    for (int i = 0; i < buckets.length; i++) {
      buckets[i] = new LongAdder();
    }
  }

  void record(long nanos) {
    double seconds = nanos / 1e9;
    for (int i = 0; i < BUCKET_SECONDS.length; i++) {
      if (seconds <= BUCKET_SECONDS[i]) {
        buckets[i].increment();
        break;
      }
    }
    count.increment();
    sumNanos.add(nanos);
  }

  /** Appends the {@code _bucket}, {@code _sum} and {@code _count} series (buckets are cumulative). */
  void render(StringBuilder out, String name, String labels) {
    long cumulative = 0;
    for (int i = 0; i < BUCKET_SECONDS.length; i++) {
      cumulative += buckets[i].sum();
      out.append(name).append("_bucket{").append(labels).append(",le=\"").append(BUCKET_SECONDS[i]).append("\"} ")
          .append(cumulative).append('\n');
    }
    long total = count.sum();
    out.append(name).append("_bucket{").append(labels).append(",le=\"+Inf\"} ").append(total).append('\n');
    out.append(name).append("_sum{").append(labels).append("} ").append(sumNanos.sum() / 1e9).append('\n');
    out.append(name).append("_count{").append(labels).append("} ").append(total).append('\n');
  }
}
