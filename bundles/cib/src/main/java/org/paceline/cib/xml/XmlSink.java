package org.paceline.cib.xml;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * A small streaming XML writer for canonical output: UTF-8, one element per line, two-space
 * indentation, attributes in the order written, empty elements as {@code <x/>}. Attribute values
 * are escaped so that they read back unchanged, including tabs and line breaks; a character XML 1.0
 * cannot carry is an error.
 */
final class XmlSink {

  private static final String INDENT = " ".repeat(256);

  private final Utf8Out out;
  private String[] stack = new String[32];
  private int depth;
  private boolean open;

  XmlSink(OutputStream os) {
    this.out = new Utf8Out(os);
  }

  void start(String name) throws IOException {
    if (open) {
      out.write('>');
    }
    if (depth > 0 || open) {
      out.write('\n');
    }
    indent();
    out.write('<');
    out.write(name);
    if (depth == stack.length) {
      stack = Arrays.copyOf(stack, depth * 2);
    }
    stack[depth++] = name;
    open = true;
  }

  private void indent() throws IOException {
    int n = Math.min(depth * 2, INDENT.length());
    out.write(INDENT, 0, n);
  }

  /** Writes an attribute; nothing if {@code value} is null. */
  void attr(String name, String value) throws IOException {
    if (value == null) {
      return;
    }
    out.write(' ');
    out.write(name);
    out.write("=\"");
    escape(value);
    out.write('"');
  }

  /** Writes an attribute whose name comes from the model's data: checked to be an XML name. */
  void dataAttr(String name, String value) throws IOException {
    if (!isName(name)) {
      throw new IllegalArgumentException(
          "'" + name + "' cannot be written as an XML attribute name");
    }
    attr(name, value);
  }

  /** Whether {@code s} is an XML name (ASCII letters, digits, '_', '-', '.', ':'; or non-ASCII). */
  static boolean isName(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean letter = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c == '_' || c == ':';
      boolean other = c >= '0' && c <= '9' || c == '-' || c == '.';
      boolean wide = c >= 0xC0 && c != 0xD7 && c != 0xF7 && c < 0xFFFE && !Character.isSurrogate(c);
      if (!(letter || wide || (i > 0 && other))) {
        return false;
      }
    }
    return true;
  }

  void attr(String name, long value) throws IOException {
    out.write(' ');
    out.write(name);
    out.write("=\"");
    out.write(value);
    out.write('"');
  }

  void end() throws IOException {
    String name = stack[--depth];
    if (open) {
      out.write("/>");
      open = false;
    } else {
      out.write('\n');
      indent();
      out.write("</");
      out.write(name);
      out.write('>');
    }
  }

  /** Ends the document and flushes; the stream stays open. */
  void finish() throws IOException {
    if (depth != 0) {
      throw new IllegalStateException("unclosed elements");
    }
    out.write('\n');
    out.flush();
  }

  private void escape(String s) throws IOException {
    out.writeEscaped(s);
  }

  /** UTF-8 straight into a byte buffer: most of a CIB is ASCII, which takes one store a char. */
  private static final class Utf8Out {
    private final OutputStream os;
    private final byte[] buf = new byte[1 << 16];
    private int pos;

    Utf8Out(OutputStream os) {
      this.os = os;
    }

    void write(char c) throws IOException {
      if (c < 0x80) {
        if (pos == buf.length) {
          drain();
        }
        buf[pos++] = (byte) c;
      } else {
        write(String.valueOf(c), 0, 1);
      }
    }

    void write(String s) throws IOException {
      write(s, 0, s.length());
    }

    void write(String s, int off, int len) throws IOException {
      int end = off + len;
      for (int i = off; i < end; i++) {
        if (pos + 4 > buf.length) {
          drain();
        }
        char c = s.charAt(i);
        if (c < 0x80) {
          buf[pos++] = (byte) c;
          continue;
        }
        if (c < 0x80) {
          buf[pos++] = (byte) c;
        } else if (c < 0x800) {
          buf[pos++] = (byte) (0xC0 | (c >> 6));
          buf[pos++] = (byte) (0x80 | (c & 0x3F));
        } else if (Character.isHighSurrogate(c) && i + 1 < end) {
          int cp = Character.toCodePoint(c, s.charAt(++i));
          buf[pos++] = (byte) (0xF0 | (cp >> 18));
          buf[pos++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
          buf[pos++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
          buf[pos++] = (byte) (0x80 | (cp & 0x3F));
        } else {
          buf[pos++] = (byte) (0xE0 | (c >> 12));
          buf[pos++] = (byte) (0x80 | ((c >> 6) & 0x3F));
          buf[pos++] = (byte) (0x80 | (c & 0x3F));
        }
      }
    }

    /**
     * Writes an attribute value, escaped: markup characters and the white space an attribute would
     * lose (tab, line feed, carriage return) as references.
     */
    void writeEscaped(String s) throws IOException {
      int n = s.length();
      int i = 0;
      while (i < n) {
        i = writeEscapedChunk(s, i, Math.min(n, i + 8192));
      }
    }

    /** Writes {@code s[from, to)} (one more char to finish a surrogate pair); the next index. */
    private int writeEscapedChunk(String s, int from, int to) throws IOException {
      if (pos + (to - from) * 6 > buf.length) {
        drain();
      }
      byte[] b = buf;
      int p = pos;
      int i = from;
      for (; i < to; i++) {
        char c = s.charAt(i);
        if (c >= 0x20 && c < 0x80) {
          switch (c) {
            case '&' -> p = put(b, p, "&amp;");
            case '<' -> p = put(b, p, "&lt;");
            case '>' -> p = put(b, p, "&gt;");
            case '"' -> p = put(b, p, "&quot;");
            default -> b[p++] = (byte) c;
          }
        } else if (c < 0x20) {
          switch (c) {
            case '\t' -> p = put(b, p, "&#9;");
            case '\n' -> p = put(b, p, "&#10;");
            case '\r' -> p = put(b, p, "&#13;");
            default -> throw unwritable(s, c);
          }
        } else if (c < 0x800) {
          b[p++] = (byte) (0xC0 | (c >> 6));
          b[p++] = (byte) (0x80 | (c & 0x3F));
        } else if (Character.isSurrogate(c)) {
          if (Character.isHighSurrogate(c)
              && i + 1 < s.length()
              && Character.isLowSurrogate(s.charAt(i + 1))) {
            // a pair takes 4 bytes for 2 chars, within the room reserved even if it ends past to
            int cp = Character.toCodePoint(c, s.charAt(++i));
            b[p++] = (byte) (0xF0 | (cp >> 18));
            b[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
            b[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
            b[p++] = (byte) (0x80 | (cp & 0x3F));
          } else {
            throw unwritable(s, c);
          }
        } else if (c >= 0xFFFE) {
          throw unwritable(s, c);
        } else {
          b[p++] = (byte) (0xE0 | (c >> 12));
          b[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
          b[p++] = (byte) (0x80 | (c & 0x3F));
        }
      }
      pos = p;
      return i;
    }

    private static int put(byte[] b, int p, String ascii) {
      for (int i = 0; i < ascii.length(); i++) {
        b[p++] = (byte) ascii.charAt(i);
      }
      return p;
    }

    private static IllegalArgumentException unwritable(String s, char c) {
      return new IllegalArgumentException(
          "value '"
              + s.replace(c, '?')
              + "' has a character XML 1.0 cannot carry (U+"
              + String.format("%04X", (int) c)
              + ")");
    }

    void write(long v) throws IOException {
      if (pos + 20 > buf.length) {
        drain();
      }
      if (v < 0) {
        if (v == Long.MIN_VALUE) {
          write(Long.toString(v));
          return;
        }
        buf[pos++] = '-';
        v = -v;
      }
      int start = pos;
      do {
        buf[pos++] = (byte) ('0' + (v % 10));
        v /= 10;
      } while (v != 0);
      for (int i = start, j = pos - 1; i < j; i++, j--) {
        byte t = buf[i];
        buf[i] = buf[j];
        buf[j] = t;
      }
    }

    private void drain() throws IOException {
      os.write(buf, 0, pos);
      pos = 0;
    }

    void flush() throws IOException {
      drain();
      os.flush();
    }
  }
}
