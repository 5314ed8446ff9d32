package org.paceline.ra.lsb;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.paceline.api.ra.OcfResultCode;

/** Every cell of the LSB-to-OCF table. */
class LsbExitCodesTest {

  @ParameterizedTest(name = "status exit {0} -> {1}")
  @CsvSource({
    "0, OK",
    "1, NOT_RUNNING",
    "2, NOT_RUNNING",
    "3, NOT_RUNNING",
    "4, ERR_GENERIC",
    "5, ERR_GENERIC",
    "7, ERR_GENERIC",
    "99, ERR_GENERIC",
    "100, ERR_GENERIC",
    "149, ERR_GENERIC",
    "150, ERR_INSTALLED",
    "151, ERR_PERM",
    "152, ERR_GENERIC",
    "200, ERR_GENERIC",
    "255, ERR_GENERIC"
  })
  void status(int exit, OcfResultCode rc) {
    LsbExitCodes.Mapped m = LsbExitCodes.map("status", exit);
    assertThat(m.rc()).isEqualTo(rc);
    if (exit == 0 || exit == 3) {
      assertThat(m.explanation()).isEmpty();
    } else {
      assertThat(m.explanation()).contains(Integer.toString(exit));
    }
  }

  @ParameterizedTest(name = "{0} exit {1} -> {2}")
  @CsvSource({
    "start, 0, OK",
    "start, 1, ERR_GENERIC",
    "start, 2, ERR_ARGS",
    "start, 3, ERR_UNIMPLEMENTED",
    "start, 4, ERR_PERM",
    "start, 5, ERR_INSTALLED",
    "start, 6, ERR_CONFIGURED",
    "start, 7, NOT_RUNNING",
    "start, 8, ERR_GENERIC",
    "start, 150, ERR_GENERIC",
    "start, 255, ERR_GENERIC",
    "stop, 0, OK",
    "stop, 1, ERR_GENERIC",
    "stop, 2, ERR_ARGS",
    "stop, 3, ERR_UNIMPLEMENTED",
    "stop, 4, ERR_PERM",
    "stop, 5, ERR_INSTALLED",
    "stop, 6, ERR_CONFIGURED",
    "stop, 7, OK",
    "stop, 8, ERR_GENERIC",
    "stop, 143, ERR_GENERIC",
    "restart, 7, NOT_RUNNING"
  })
  void otherActions(String action, int exit, OcfResultCode rc) {
    LsbExitCodes.Mapped m = LsbExitCodes.map(action, exit);
    assertThat(m.rc()).isEqualTo(rc);
    if (exit > 7) {
      assertThat(m.explanation()).contains("status " + exit);
    } else {
      assertThat(m.explanation()).isEmpty();
    }
  }
}
