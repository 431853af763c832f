package dev.parley.bench.internal;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * picocli converters for human-friendly values: durations ("500ms", "30s", "2m", "1h"; a bare
 * number is seconds) and counts/rates ("19000", "10k", "1.5m"). Stateless.
 */
public final class CliValues {
  private CliValues() {}

  /** Seconds from "500ms", "30s", "2m", "1h" or a bare number of seconds. */
  public static final class Seconds implements ITypeConverter<Double> {
    @Override
    public Double convert(String value) {
      String v = value.trim().toLowerCase(Locale.ROOT);
      try {
        if (v.endsWith("ms")) {
          return Double.parseDouble(v.substring(0, v.length() - 2)) / 1000;
        }
        double unit = switch (v.charAt(v.length() - 1)) {
          case 's' -> 1;
          case 'm' -> 60;
          case 'h' -> 3600;
          default -> 0;
        };
        return unit == 0 ? Double.parseDouble(v) : Double.parseDouble(v.substring(0, v.length() - 1)) * unit;
      } catch (RuntimeException e) {
        throw new TypeConversionException("'" + value + "' is not a duration (e.g. 500ms, 30s, 2m)");
      }
    }
  }

  /** A number with an optional k (thousand) or m (million) suffix and an optional "/s". */
  public static final class Amount implements ITypeConverter<Double> {
    @Override
    public Double convert(String value) {
      String v = value.trim().toLowerCase(Locale.ROOT);
      if (v.endsWith("/s")) {
        v = v.substring(0, v.length() - 2);
      }
      try {
        double unit = v.endsWith("k") ? 1e3 : v.endsWith("m") ? 1e6 : 1;
        return unit == 1 ? Double.parseDouble(v) : Double.parseDouble(v.substring(0, v.length() - 1)) * unit;
      } catch (RuntimeException e) {
        throw new TypeConversionException("'" + value + "' is not a number (e.g. 19000, 10k, 10k/s)");
      }
    }
  }
}
