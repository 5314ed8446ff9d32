package org.paceline.cib.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.paceline.cib.model.Cib;
import org.paceline.cib.replica.XmlCibCodec;

class CibStoreTest {

  @TempDir Path dir;

  private final XmlCibCodec codec = new XmlCibCodec();

  @Test
  void savesAndLoadsTheNewestCib() throws Exception {
    try (CibStore store = new CibStore(dir, codec, "t")) {
      assertThat(store.load()).isEmpty();
      for (long e = 1; e <= 50; e++) {
        store.save(StoreWriterMain.cib(e, 3));
      }
      assertThat(store.flush(Duration.ofSeconds(30))).isTrue();
    }
    try (CibStore again = new CibStore(dir, codec, "t")) {
      Cib loaded = again.load().orElseThrow();
      assertThat(loaded).isEqualTo(StoreWriterMain.cib(50, 3));
    }
  }

  @Test
  void anUnreadableFileFallsBackToThePreviousVersion() throws Exception {
    try (CibStore store = new CibStore(dir, codec, "t")) {
      store.save(StoreWriterMain.cib(1, 2));
      assertThat(store.flush(Duration.ofSeconds(30))).isTrue();
      store.save(StoreWriterMain.cib(2, 2));
      assertThat(store.flush(Duration.ofSeconds(30))).isTrue();
    }
    Files.writeString(dir.resolve(CibStore.FILE), "<cib><configuration>broken");
    try (CibStore again = new CibStore(dir, codec, "t")) {
      assertThat(again.load()).contains(StoreWriterMain.cib(1, 2));
    }
  }

  @Test
  void bothFilesUnreadableIsAnErrorNamingTheFile() throws Exception {
    Files.writeString(dir.resolve(CibStore.FILE), "not xml");
    try (CibStore store = new CibStore(dir, codec, "t")) {
      assertThatThrownBy(store::load)
          .isInstanceOf(IOException.class)
          .hasMessageContaining(CibStore.FILE);
    }
  }

  /**
   * A node killed while writing its CIB restarts with the previous or the new version, never a
   * broken file: a child JVM writes large CIBs in a loop and is SIGKILLed at a varying point.
   */
  @ParameterizedTest
  @ValueSource(ints = {1, 3, 7, 12})
  void aWriterKilledMidWriteLeavesAWholeVersion(int afterWrites) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child =
        new ProcessBuilder(
                java,
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                StoreWriterMain.class.getName(),
                dir.toString(),
                "3000")
            .redirectErrorStream(true)
            .start();
    AtomicLong written = new AtomicLong();
    try {
      BufferedReader out =
          new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      Thread reader =
          new Thread(
              () -> {
                try {
                  for (String line; (line = out.readLine()) != null; ) {
                    if (line.startsWith("written ")) {
                      written.set(Long.parseLong(line.substring(8).trim()));
                    }
                  }
                } catch (IOException e) {
                  // the child is gone
                }
              },
              "writer-output");
      reader.setDaemon(true);
      reader.start();
      await().atMost(Duration.ofSeconds(60)).until(() -> written.get() >= afterWrites);
    } finally {
      child.destroyForcibly(); // SIGKILL, most likely in the middle of the next write
      child.waitFor();
    }
    long confirmed = written.get();
    try (CibStore store = new CibStore(dir, codec, "t")) {
      Optional<Cib> loaded = store.load();
      assertThat(loaded).isPresent();
      long epoch = loaded.get().versions().epoch();
      assertThat(epoch).isBetween(confirmed, confirmed + 1);
      assertThat(loaded.get()).isEqualTo(StoreWriterMain.cib(epoch, 3000));
    }
    assertThat(List.of(dir.toFile().list())).doesNotContain(CibStore.FILE + ".tmp");
  }
}
