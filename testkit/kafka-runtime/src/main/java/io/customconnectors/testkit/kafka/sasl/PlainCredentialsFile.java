package io.customconnectors.testkit.kafka.sasl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.security.auth.callback.Callback;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.AppConfigurationEntry;

import org.apache.kafka.common.security.auth.AuthenticateCallbackHandler;
import org.apache.kafka.common.security.plain.PlainAuthenticateCallback;

/**
 * The broker's SASL/PLAIN server callback: checks a username and password against a file of {@code
 * username<TAB>password} lines that the test bed appends to while the broker runs, so Kafka API
 * keys registered after the broker started are accepted. The file is named by the JAAS option
 * {@value #FILE_OPTION} and read again whenever its size or modification time changed; a line
 * without its newline yet is ignored, and a later line for the same username wins.
 */
public final class PlainCredentialsFile implements AuthenticateCallbackHandler {

  public static final String FILE_OPTION = "credentials.file";

  private Path file;
  private long size = -1;
  private FileTime modified;
  private Map<String, String> passwords = Map.of();

  @Override
  public void configure(
      Map<String, ?> configs, String saslMechanism, List<AppConfigurationEntry> jaasConfigEntries) {
    if (!"PLAIN".equals(saslMechanism)) {
      throw new IllegalArgumentException("Only SASL/PLAIN is supported, not " + saslMechanism);
    }
    for (AppConfigurationEntry entry : jaasConfigEntries) {
      Object option = entry.getOptions().get(FILE_OPTION);
      if (option != null) {
        file = Path.of(option.toString());
      }
    }
    if (file == null) {
      throw new IllegalArgumentException("The JAAS option " + FILE_OPTION + " is required");
    }
  }

  @Override
  public void handle(Callback[] callbacks) throws UnsupportedCallbackException {
    String username = null;
    for (Callback callback : callbacks) {
      if (callback instanceof NameCallback name) {
        username = name.getDefaultName();
      } else if (callback instanceof PlainAuthenticateCallback plain) {
        plain.authenticated(authenticate(username, plain.password()));
      } else {
        throw new UnsupportedCallbackException(callback);
      }
    }
  }

  private synchronized boolean authenticate(String username, char[] password) {
    if (username == null || password == null) {
      return false;
    }
    String expected = current().get(username);
    return expected != null
        && MessageDigest.isEqual(
            expected.getBytes(StandardCharsets.UTF_8),
            new String(password).getBytes(StandardCharsets.UTF_8));
  }

  private Map<String, String> current() {
    try {
      long nowSize = Files.size(file);
      FileTime nowModified = Files.getLastModifiedTime(file);
      if (nowSize != size || !nowModified.equals(modified)) {
        passwords = parse(Files.readString(file, StandardCharsets.UTF_8));
        size = nowSize;
        modified = nowModified;
      }
      return passwords;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read SASL/PLAIN credentials from " + file, e);
    }
  }

  static Map<String, String> parse(String text) {
    Map<String, String> parsed = new HashMap<>();
    int start = 0;
    int newline;
    while ((newline = text.indexOf('\n', start)) >= 0) {
      String line = text.substring(start, newline);
      start = newline + 1;
      int tab = line.indexOf('\t');
      if (tab > 0) {
        parsed.put(line.substring(0, tab), line.substring(tab + 1));
      }
    }
    return parsed;
  }

  @Override
  public void close() {}
}
