package org.paceline.api.ra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class OcfResultCodeTest {

  @ParameterizedTest
  @CsvSource({
    "0, OK, OCF_SUCCESS, NONE",
    "1, ERR_GENERIC, OCF_ERR_GENERIC, SOFT",
    "2, ERR_ARGS, OCF_ERR_ARGS, HARD",
    "3, ERR_UNIMPLEMENTED, OCF_ERR_UNIMPLEMENTED, HARD",
    "4, ERR_PERM, OCF_ERR_PERM, HARD",
    "5, ERR_INSTALLED, OCF_ERR_INSTALLED, HARD",
    "6, ERR_CONFIGURED, OCF_ERR_CONFIGURED, FATAL",
    "7, NOT_RUNNING, OCF_NOT_RUNNING, SOFT",
    "8, RUNNING_PROMOTED, OCF_RUNNING_PROMOTED, SOFT",
    "9, FAILED_PROMOTED, OCF_FAILED_PROMOTED, SOFT",
    "190, DEGRADED, OCF_DEGRADED, NONE",
    "191, DEGRADED_PROMOTED, OCF_DEGRADED_PROMOTED, NONE"
  })
  void standardCodes(int code, OcfResultCode constant, String ocfName, FailureSeverity severity) {
    assertEquals(Optional.of(constant), OcfResultCode.fromCode(code));
    assertEquals(code, constant.code());
    assertEquals(ocfName, constant.ocfName());
    assertEquals(severity, constant.severity());
    assertEquals(ocfName + "(" + code + ")", constant.toString());
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, 10, 11, 99, 189, 192, 255, 256, Integer.MAX_VALUE, Integer.MIN_VALUE})
  void unknownCodesAreEmpty(int code) {
    assertEquals(Optional.empty(), OcfResultCode.fromCode(code));
  }

  @Test
  void codesAndNamesAreUnique() {
    OcfResultCode[] all = OcfResultCode.values();
    Set<Integer> codes = Arrays.stream(all).map(OcfResultCode::code).collect(Collectors.toSet());
    Set<String> names = Arrays.stream(all).map(OcfResultCode::ocfName).collect(Collectors.toSet());

    assertEquals(all.length, codes.size());
    assertEquals(all.length, names.size());
  }

  @Test
  void everyCodeHasADescription() {
    for (OcfResultCode c : OcfResultCode.values()) {
      assertTrue(!c.description().isBlank(), c + " has a description");
    }
    assertEquals("not running", OcfResultCode.NOT_RUNNING.description());
    assertEquals("degraded", OcfResultCode.DEGRADED.description());
  }
}
