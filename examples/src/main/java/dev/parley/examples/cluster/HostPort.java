package dev.parley.examples.cluster;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A {@code host:port} address of another role, as given to {@code --status} and {@code --verify}.
 * Immutable.
 *
 * @param host a host name or address ({@code [::1]} style for IPv6)
 * @param port 1 to 65535
 */
record HostPort(String host, int port) {

  @Override
  public String toString() {
    return host + ":" + port;
  }

  /** The picocli converter for {@code host:port}. Stateless. */
  static final class Converter implements ITypeConverter<HostPort> {
    @Override
    public HostPort convert(String value) {
      int colon = value.lastIndexOf(':');
      if (colon <= 0 || colon == value.length() - 1) {
        throw new TypeConversionException("'" + value + "' is not host:port");
      }
      String host = value.substring(0, colon);
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      try {
        int port = Integer.parseInt(value.substring(colon + 1));
        if (port < 1 || port > 65535) {
          throw new TypeConversionException("port of '" + value + "' must be 1..65535");
        }
        return new HostPort(host, port);
      } catch (NumberFormatException e) {
        throw new TypeConversionException("'" + value + "' is not host:port (the port is not a number)");
      }
    }
  }
}
