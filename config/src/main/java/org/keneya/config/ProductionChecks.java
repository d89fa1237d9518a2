package org.keneya.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a gateway facing real money must not start with: a secret still at its shipped demo value
 * or too short to be random, or an aggregator route that anyone could call. The demo (simulator on)
 * may; production (simulator off) may not, whatever else the configuration says.
 */
public final class ProductionChecks {
  /** Keys that hold secrets, wherever they sit: apiKey, clientSecret, authToken, webhookSecret, password, pin... */
  private static final Pattern SECRET_KEY = Pattern.compile("(?i)(.*(secret|token|password|apikey|subscriptionkey|secretkey)|pin)");
  /** A random secret of fewer characters can be guessed or was typed by hand. */
  static final int MIN_SECRET_LENGTH = 16;
  private static final ObjectMapper JSON = new ObjectMapper();

  private ProductionChecks() {}

  /** Every problem, one line each naming its key; empty when the configuration may face the world. */
  public static List<String> problems(KeneyaConfig config) {
    List<String> problems = new ArrayList<>();
    Set<String> demoValues = new HashSet<>();
    secrets(shippedTree(), "", (key, value) -> demoValues.add(value));
    secrets(JSON.valueToTree(config), "", (key, value) -> {
      String leaf = key.substring(key.lastIndexOf('.') + 1);
      if (demoValues.contains(value) || looksLikeDemo(value)) {
        problems.add(key + ": still the shipped demo value; set the real one by environment (" + envHint(key) + ")");
      } else if (!leaf.equalsIgnoreCase("pin") && value.length() < MIN_SECRET_LENGTH) {
        // The merchant PIN is a PIN; every other secret should be long and random.
        problems.add(key + ": too short to be random (" + value.length() + " characters, at least " + MIN_SECRET_LENGTH + ")");
      }
    });
    PeersConfig peers = config.peers();
    for (String group : PeersConfig.ROUTE_GROUPS) {
      List<PeersConfig.Peer> serving = peers == null ? List.of() : peers.serving(group);
      if (serving.isEmpty()) {
        problems.add("peers.aggregators: no aggregator may call the " + group + " routes; name one with a secret and/or allowFrom");
      }
      for (PeersConfig.Peer peer : serving) {
        if (!peer.authenticated()) {
          problems.add("peers.aggregators (" + peer.id() + "): calls the " + group + " routes with neither a secret nor allowFrom: anyone could");
        }
      }
    }
    return problems;
  }

  private static boolean looksLikeDemo(String value) {
    String lower = value.toLowerCase(Locale.ROOT);
    return lower.startsWith("demo-") || lower.contains("change-me") || lower.contains("changeme");
  }

  private static String envHint(String key) {
    List<String> path = new ArrayList<>();
    for (String part : key.split("\\.")) {
      int bracket = part.indexOf('[');
      if (bracket < 0) {
        path.add(part);
      } else {
        path.add(part.substring(0, bracket));
        path.add(part.substring(bracket + 1, part.indexOf(']')));
      }
    }
    return ConfigLoader.envName(path);
  }

  private interface SecretVisitor {
    void visit(String key, String value);
  }

  /** Visits every non-empty text value under a secret-named key. */
  private static void secrets(JsonNode node, String key, SecretVisitor visitor) {
    if (node == null) return;
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        String child = key.isEmpty() ? field.getKey() : key + "." + field.getKey();
        JsonNode value = field.getValue();
        if (value.isValueNode() && SECRET_KEY.matcher(field.getKey()).matches()) {
          String text = value.asText("");
          if (!text.isEmpty()) visitor.visit(child, text);
        } else {
          secrets(value, child, visitor);
        }
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) secrets(node.get(i), key + "[" + i + "]", visitor);
    }
  }

  private static JsonNode shippedTree() {
    try {
      return new ObjectMapper(new YAMLFactory()).readTree(ConfigLoader.shippedText());
    } catch (Exception e) {
      throw new IllegalStateException("the shipped configuration cannot be read", e);
    }
  }
}
