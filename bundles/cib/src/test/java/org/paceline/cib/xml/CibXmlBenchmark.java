package org.paceline.cib.xml;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.paceline.cib.model.Cib;

/**
 * Times import, validation and export of a large CIB (not a test; run by hand). Make the input with
 * {@code python3 ../shared/bench/gen-cib.py -n 32 -r 10000 --scenario nodeloss -o /tmp/big.xml},
 * build with {@code mvn -o -q -B test-compile -pl bundles/cib}, then run {@code java -Xmx1g -cp
 * ~/.m2/repository/org/paceline/paceline-api/0.1.0-SNAPSHOT/paceline-api-0.1.0-SNAPSHOT.jar:bundles/cib/target/classes:bundles/cib/target/test-classes
 * org.paceline.cib.xml.CibXmlBenchmark /tmp/big.xml [rounds]}. Prints per round the wall and thread
 * CPU times of each step, and at the end the peak heap use as the JVM's memory pools saw it.
 */
public final class CibXmlBenchmark {

  private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

  private CibXmlBenchmark() {}

  public static void main(String[] args) throws IOException {
    Path file = Path.of(args[0]);
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    XmlLimits limits = XmlLimits.DEFAULT.withMaxBytes(1L << 30);
    for (int i = 0; i < rounds; i++) {
      long c0 = CPU.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      Cib cib;
      try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
        cib = CibXml.read(in, limits);
      }
      long t1 = System.nanoTime();
      long c1 = CPU.getCurrentThreadCpuTime();
      int findings = validate(cib);
      long t15 = System.nanoTime();
      long c15 = CPU.getCurrentThreadCpuTime();
      CountingStream out = new CountingStream();
      CibXml.write(cib, out);
      long t2 = System.nanoTime();
      long c2 = CPU.getCurrentThreadCpuTime();
      long ops =
          cib.status().nodes().stream()
              .flatMap(n -> n.resources().stream())
              .mapToLong(h -> h.operations().size())
              .sum();
      System.gc();
      Runtime rt = Runtime.getRuntime();
      long live = rt.totalMemory() - rt.freeMemory();
      System.out.printf(
          Locale.ROOT,
          "round %d: import %.2f s (cpu %.2f), validate %.2f s (cpu %.2f, %d findings), export"
              + " %.2f s (cpu %.2f, %d MB written), total %.2f s (cpu %.2f); %d resources, %d"
              + " operation records; live heap after GC with the model held %d MB%n",
          i + 1,
          (t1 - t0) / 1e9,
          (c1 - c0) / 1e9,
          (t15 - t1) / 1e9,
          (c15 - c1) / 1e9,
          findings,
          (t2 - t15) / 1e9,
          (c2 - c15) / 1e9,
          out.count >> 20,
          (t2 - t0) / 1e9,
          (c2 - c0) / 1e9,
          cib.configuration().allResources().size(),
          ops,
          live >> 20);
    }
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    System.out.printf(
        Locale.ROOT,
        "peak heap (sum of pool peaks) %d MB, max heap %d MB%n",
        peak >> 20,
        Runtime.getRuntime().maxMemory() >> 20);
  }

  /**
   * Runs the configuration validator of {@code org.paceline.cib.validate} if it is there (found by
   * reflection, so this class does not depend on its shape); the number of findings, or -1.
   */
  private static int validate(Cib cib) {
    try {
      Class<?> k = Class.forName("org.paceline.cib.validate.ConfigurationValidator");
      Object validator = k.getMethod("withoutAgents").invoke(null);
      Object findings =
          k.getMethod("validate", org.paceline.cib.model.Configuration.class)
              .invoke(validator, cib.configuration());
      return ((java.util.List<?>) findings).size();
    } catch (ReflectiveOperationException e) {
      return -1;
    }
  }

  private static final class CountingStream extends OutputStream {
    long count;

    @Override
    public void write(int b) {
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      count += len;
    }
  }
}
