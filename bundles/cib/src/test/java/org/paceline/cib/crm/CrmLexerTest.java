package org.paceline.cib.crm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CrmLexerTest {

  private static List<String> texts(RawStatement s) {
    return s.tokens().stream().map(Token::text).toList();
  }

  @Test
  void continuationLinesJoinAndTokensKeepTheirPositions() {
    List<RawStatement> st =
        CrmLexer.lex(
            "primitive vip IPaddr2 \\\n    params ip=10.0.0.1\\\n  meta a=b\ngroup g vip\n");
    assertThat(st).hasSize(2);
    assertThat(texts(st.get(0)))
        .containsExactly("primitive", "vip", "IPaddr2", "params", "ip=10.0.0.1", "meta", "a=b");
    Token ip = st.get(0).tokens().get(4);
    assertThat(ip.line()).isEqualTo(2);
    assertThat(ip.column()).isEqualTo(12);
    assertThat(ip.key()).isEqualTo("ip");
    assertThat(ip.value()).isEqualTo("10.0.0.1");
    assertThat(st.get(0).endLine()).isEqualTo(3);
    assertThat(st.get(1).line()).isEqualTo(4);
  }

  @Test
  void commentsAreWholeLinesUnlessTheyContinueAStatement() {
    List<RawStatement> st =
        CrmLexer.lex(
            "# a comment\n   # indented comment\nlocation l web \\\n#uname eq n1\n\n\nnode n1\n");
    assertThat(st).hasSize(2);
    assertThat(texts(st.get(0))).containsExactly("location", "l", "web", "#uname", "eq", "n1");
    assertThat(texts(st.get(1))).containsExactly("node", "n1");
  }

  @Test
  void aContinuationIntoABlankLineEndsTheStatement() {
    List<RawStatement> st = CrmLexer.lex("node n1 \\\n\nnode n2");
    assertThat(st)
        .extracting(s -> texts(s))
        .containsExactly(List.of("node", "n1"), List.of("node", "n2"));
  }

  @Test
  void quotesAndEscapes() {
    List<Token> t =
        CrmLexer.lex(
                "primitive p X params a=\"x y\" b='it''s' c=\"q\\\"\\\\\\n\\t\" d=x\\ y \"e f\"=g \"\"")
            .get(0)
            .tokens();
    assertThat(t.get(4).value()).isEqualTo("x y");
    assertThat(t.get(4).quoted()).isFalse(); // the name is not quoted
    assertThat(t.get(5).value()).isEqualTo("its");
    assertThat(t.get(6).value()).isEqualTo("q\"\\\n\t");
    assertThat(t.get(7).value()).isEqualTo("x y");
    assertThat(t.get(8).key()).isEqualTo("e f");
    assertThat(t.get(8).quoted()).isTrue();
    assertThat(t.get(9).text()).isEmpty();
    assertThat(t.get(9).quoted()).isTrue();
  }

  @Test
  void bracketsAreTokensAtWordEdgesButPatternsStayWhole() {
    List<String> t =
        texts(CrmLexer.lex("colocation c inf: (a b) [c:Started d] {e} /web-[0-9]+/ x=(y)").get(0));
    assertThat(t)
        .containsExactly(
            "colocation",
            "c",
            "inf:",
            "(",
            "a",
            "b",
            ")",
            "[",
            "c:Started",
            "d",
            "]",
            "{",
            "e",
            "}",
            "/web-[0-9]+/",
            "x=(y)");
  }

  @Test
  void scoreColonsAreMarkedOnlyWhenUnquoted() {
    List<Token> t = CrmLexer.lex("x inf: \"inf:\" a:b").get(0).tokens();
    assertThat(t.get(1).colon()).isTrue();
    assertThat(t.get(1).beforeColon()).isEqualTo("inf");
    assertThat(t.get(2).colon()).isFalse();
    assertThat(t.get(3).colon()).isFalse();
  }

  @Test
  void windowsLineEndingsAreAccepted() {
    List<RawStatement> st = CrmLexer.lex("node n1 \\\r\n  attributes a=1\r\nnode n2\r\n");
    assertThat(st)
        .extracting(s -> texts(s))
        .containsExactly(List.of("node", "n1", "attributes", "a=1"), List.of("node", "n2"));
  }

  @Test
  void emptyTextHasNoStatements() {
    assertThat(CrmLexer.lex("")).isEmpty();
    assertThat(CrmLexer.lex("\n# only comments\n\n")).isEmpty();
  }
}
