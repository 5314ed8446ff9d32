package org.paceline.quorum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TieBreakerTest {

  @Test
  void parsesLowestHighestAndLists() {
    assertThat(TieBreaker.parse("lowest", List.of())).isEqualTo(new TieBreaker.Lowest());
    assertThat(TieBreaker.parse("highest", List.of())).isEqualTo(new TieBreaker.Highest());
    assertThat(TieBreaker.parse("list", List.of(3, 1)))
        .isEqualTo(new TieBreaker.InOrder(List.of(3, 1)));
    assertThat(TieBreaker.parse(" 5 2 ", List.of()))
        .isEqualTo(new TieBreaker.InOrder(List.of(5, 2)));
  }

  @Test
  void refusesAnythingElse() {
    assertThatThrownBy(() -> TieBreaker.parse("middle", List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("auto_tie_breaker_node");
    assertThatThrownBy(() -> new TieBreaker.InOrder(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void describesItselfAsInCorosyncConf() {
    assertThat(new TieBreaker.Lowest()).hasToString("lowest");
    assertThat(new TieBreaker.Highest()).hasToString("highest");
    assertThat(new TieBreaker.InOrder(List.of(3, 1))).hasToString("list 3 1");
  }

  @Test
  void aListWithNoListedNodePresentLoses() {
    TieBreaker.Verdict v =
        new TieBreaker.InOrder(List.of(5, 6)).decide(Set.of(1, 2), Set.of(1, 2, 3, 4), Set.of());

    assertThat(v.wins()).isFalse();
    assertThat(v.reason()).isEqualTo("auto_tie_breaker: no listed node is here");
  }

  @Test
  void highestLooksAtTheLastQuorateMembership() {
    TieBreaker highest = new TieBreaker.Highest();

    assertThat(highest.decide(Set.of(3, 4), Set.of(1, 2, 3, 4), Set.of(1, 2, 3, 4)).wins())
        .isTrue();
    assertThat(highest.decide(Set.of(3, 4), Set.of(1, 2, 3, 4, 5), Set.of(1, 2, 3, 4, 5)).wins())
        .isFalse();
    assertThat(highest.decide(Set.of(3, 4), Set.of(), Set.of()).wins()).isFalse();
  }
}
