package org.paceline.ra.builtin.internal.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CommandWordsTest {

  @Test
  void blanksSeparateWords() {
    assertThat(CommandWords.split("  sleep\t1000 \n --x  "))
        .containsExactly("sleep", "1000", "--x");
    assertThat(CommandWords.split("")).isEmpty();
    assertThat(CommandWords.split("   ")).isEmpty();
  }

  @Test
  void singleQuotesKeepEverything() {
    assertThat(CommandWords.split("sh -c 'a \"b\" \\c $d;e'"))
        .containsExactly("sh", "-c", "a \"b\" \\c $d;e");
  }

  @Test
  void doubleQuotesKeepEverythingButEscapedQuoteAndBackslash() {
    assertThat(CommandWords.split("\"a \\\"b\\\" \\\\ \\n $x 'y'\""))
        .containsExactly("a \"b\" \\ \\n $x 'y'");
  }

  @Test
  void backslashOutsideQuotesEscapesOneCharacter() {
    assertThat(CommandWords.split("a\\ b c\\'d \\\\")).containsExactly("a b", "c'd", "\\");
  }

  @Test
  void adjacentPartsFormOneWordAndEmptyQuotesAWord() {
    assertThat(CommandWords.split("--name='web server'x \"\" ''"))
        .containsExactly("--name=web serverx", "", "");
  }

  @Test
  void shellOperatorsAreOrdinaryCharacters() {
    assertThat(CommandWords.split("a;b | c && d > e < f $(g) `h` * ~ # i"))
        .containsExactly(
            "a;b", "|", "c", "&&", "d", ">", "e", "<", "f", "$(g)", "`h`", "*", "~", "#", "i");
  }

  @ParameterizedTest
  @ValueSource(strings = {"'open", "a \"open", "trailing\\", "ok 'x\"y"})
  void unterminatedInputIsRefused(String text) {
    assertThatThrownBy(() -> CommandWords.split(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageMatching("(unterminated (single|double) quote at character \\d+|backslash.*)");
  }

  @Test
  void joinGivesTheSameWordsBack() {
    List<String> words =
        List.of("/bin/sh", "-c", "trap \"\" TERM; it's", "", "plain-word", "$HOME", "a b");
    String joined = CommandWords.join(words);

    assertThat(CommandWords.split(joined)).isEqualTo(words);
    assertThat(CommandWords.join(List.of("sleep", "1000"))).isEqualTo("sleep 1000");
  }
}
