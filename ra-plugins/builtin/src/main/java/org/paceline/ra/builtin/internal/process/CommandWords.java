package org.paceline.ra.builtin.internal.process;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a parameter value into words the way a POSIX shell splits a simple command, without any of
 * the shell's expansions: words are separated by blanks (space, tab, newline); {@code '...'} keeps
 * everything inside literally; {@code "..."} keeps everything literally except {@code \"} and
 * {@code \\}; outside quotes a backslash makes the next character literal; quoted and unquoted
 * parts next to each other form one word; {@code ''} is an empty word. No other character is
 * special: {@code ; | & < > $ ` * ? ~ ( )} and {@code #} are passed on as they are.
 */
final class CommandWords {

  private CommandWords() {}

  /**
   * The words of {@code text}.
   *
   * @throws IllegalArgumentException naming the unterminated quote or the trailing backslash
   */
  static List<String> split(String text) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    int i = 0;
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
        i++;
      } else if (c == '\'') {
        int end = text.indexOf('\'', i + 1);
        if (end < 0) {
          throw new IllegalArgumentException("unterminated single quote at character " + (i + 1));
        }
        word.append(text, i + 1, end);
        inWord = true;
        i = end + 1;
      } else if (c == '"') {
        i = doubleQuoted(text, i, word);
        inWord = true;
      } else if (c == '\\') {
        if (i + 1 >= n) {
          throw new IllegalArgumentException("backslash at the end (escapes nothing)");
        }
        word.append(text.charAt(i + 1));
        inWord = true;
        i += 2;
      } else {
        word.append(c);
        inWord = true;
        i++;
      }
    }
    if (inWord) {
      words.add(word.toString());
    }
    return List.copyOf(words);
  }

  /** Appends the double-quoted part starting at {@code open}; returns the index after it. */
  private static int doubleQuoted(String text, int open, StringBuilder word) {
    int i = open + 1;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '"') {
        return i + 1;
      }
      if (c == '\\' && i + 1 < text.length()) {
        char next = text.charAt(i + 1);
        if (next == '"' || next == '\\') {
          word.append(next);
          i += 2;
          continue;
        }
      }
      word.append(c);
      i++;
    }
    throw new IllegalArgumentException("unterminated double quote at character " + (open + 1));
  }

  /** {@code words} written back so that {@link #split} gives them again (for messages and logs). */
  static String join(List<String> words) {
    StringBuilder sb = new StringBuilder();
    for (String w : words) {
      if (sb.length() > 0) {
        sb.append(' ');
      }
      if (!w.isEmpty() && w.chars().allMatch(CommandWords::plain)) {
        sb.append(w);
      } else {
        sb.append('\'').append(w.replace("'", "'\\''")).append('\'');
      }
    }
    return sb.toString();
  }

  private static boolean plain(int c) {
    return Character.isLetterOrDigit(c) || "-_./=:,+@%".indexOf(c) >= 0;
  }
}
