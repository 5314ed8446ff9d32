package org.paceline.cib.model;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;

/**
 * Pacemaker's ISO 8601 date-times, as rules write them ({@code start}, {@code end}): a calendar
 * date {@code 2024-03-01}, an ordinal date {@code 2024-061} or a week date {@code 2024-W09-5},
 * optionally followed by a time ({@code T} or a space, then {@code HH:MM} or {@code HH:MM:SS}) and
 * an offset ({@code Z}, {@code +01:00}, {@code -0500}). A value without an offset is in the zone
 * the caller gives.
 */
public final class PacemakerDates {

  private PacemakerDates() {}

  /**
   * Parses a date-time.
   *
   * @param text the value
   * @param zone the zone of a value without an offset
   * @throws IllegalArgumentException naming the value if it is not a date-time
   */
  public static ZonedDateTime parse(String text, ZoneId zone) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("date is missing");
    }
    try {
      return parseChecked(text.trim(), zone);
    } catch (DateTimeException | NumberFormatException | IndexOutOfBoundsException e) {
      throw new IllegalArgumentException(
          "'"
              + text
              + "' is not an ISO 8601 date-time (e.g. 2024-03-01, 2024-03-01 09:00:00,"
              + " 2024-03-01T09:00:00Z, 2024-061, 2024-W09-5)",
          e);
    }
  }

  private static ZonedDateTime parseChecked(String t, ZoneId zone) {
    int sep = indexOfTimeSeparator(t);
    String datePart = sep < 0 ? t : t.substring(0, sep);
    String rest = sep < 0 ? "" : t.substring(sep + 1).trim();
    LocalDate date = date(datePart);
    LocalTime time = LocalTime.MIDNIGHT;
    ZoneId z = zone;
    if (!rest.isEmpty()) {
      int off = offsetStart(rest);
      String timePart = off < 0 ? rest : rest.substring(0, off).trim();
      if (off >= 0) {
        z = offset(rest.substring(off).trim());
      }
      time = time(timePart);
    }
    return ZonedDateTime.of(LocalDateTime.of(date, time), z);
  }

  private static int indexOfTimeSeparator(String t) {
    int i = t.indexOf('T');
    return i >= 0 ? i : t.indexOf(' ');
  }

  private static int offsetStart(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == 'Z' || c == 'z' || c == '+' || c == '-') {
        return i;
      }
    }
    return -1;
  }

  private static LocalDate date(String d) {
    String[] p = d.split("-", -1);
    if (p.length == 3 && p[1].startsWith("W")) {
      int year = Integer.parseInt(p[0]);
      int week = Integer.parseInt(p[1].substring(1));
      int day = Integer.parseInt(p[2]);
      LocalDate base = LocalDate.of(year, 1, 4).with(IsoFields.WEEK_OF_WEEK_BASED_YEAR, week);
      return base.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
          .plusDays(DayOfWeek.of(day).getValue() - 1L);
    }
    if (p.length == 3) {
      return LocalDate.of(Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2]));
    }
    if (p.length == 2 && p[1].length() == 3) {
      return LocalDate.ofYearDay(Integer.parseInt(p[0]), Integer.parseInt(p[1]));
    }
    throw new DateTimeException("bad date '" + d + "'");
  }

  private static LocalTime time(String t) {
    String[] p = t.split(":", -1);
    if (p.length < 2 || p.length > 3) {
      throw new DateTimeException("bad time '" + t + "'");
    }
    int h = Integer.parseInt(p[0]);
    int m = Integer.parseInt(p[1]);
    int s = p.length == 3 ? (int) Double.parseDouble(p[2]) : 0;
    if (h == 24 && m == 0 && s == 0) {
      return LocalTime.MAX;
    }
    return LocalTime.of(h, m, s);
  }

  private static ZoneId offset(String o) {
    if (o.equalsIgnoreCase("Z")) {
      return ZoneOffset.UTC;
    }
    String digits = o.substring(1).replace(":", "");
    int h = Integer.parseInt(digits.substring(0, Math.min(2, digits.length())));
    int m = digits.length() > 2 ? Integer.parseInt(digits.substring(2)) : 0;
    int sign = o.charAt(0) == '-' ? -1 : 1;
    return ZoneOffset.ofHoursMinutes(sign * h, sign * m);
  }
}
