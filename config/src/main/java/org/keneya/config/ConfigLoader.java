package org.keneya.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * Reads the YAML configuration, applies environment overrides and validates the result.
 *
 * <p>Any key can be overridden by {@code KENEYA_<DOTTED_PATH_IN_UPPER_SNAKE_CASE>}: {@code http.port}
 * by {@code KENEYA_HTTP_PORT}, {@code sms.apiKey} by {@code KENEYA_SMS_API_KEY}, the first product's
 * name by {@code KENEYA_PRODUCTS_0_NAME}. Secrets are meant to arrive this way.
 */
public final class ConfigLoader {
  /** The demo configuration shipped inside the jar, used when no file is named. */
  public static final String DEFAULT_RESOURCE = "keneya.yml";

  private static final String ENV_PREFIX = "KENEYA_";
  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          // A missing number reads as 0 and the validator names it; a misspelt key is refused here.
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private ConfigLoader() {}

  /** Loads {@code file}, or the shipped demo configuration when {@code file} is null. */
  public static KeneyaConfig load(Path file, Map<String, String> env) {
    if (file == null) return parse(shippedText(), "classpath:" + DEFAULT_RESOURCE, env);
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException(file.toString(), List.of("cannot be read: " + e));
    }
    return parse(text, file.toString(), env);
  }

  /** The text of the shipped demo configuration, for those who start from it and change a part. */
  public static String shippedText() {
    try (InputStream in = ConfigLoader.class.getClassLoader().getResourceAsStream(DEFAULT_RESOURCE)) {
      if (in == null) throw new ConfigException("classpath:" + DEFAULT_RESOURCE, List.of("the shipped configuration is missing"));
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException("classpath:" + DEFAULT_RESOURCE, List.of("cannot be read: " + e.getMessage()));
    }
  }

  public static KeneyaConfig parse(String yaml, String source, Map<String, String> env) {
    JsonNode tree;
    try {
      tree = YAML.readTree(yaml);
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
      throw new ConfigException(source, List.of("not valid YAML" + where + ": " + e.getOriginalMessage()));
    }
    if (!(tree instanceof ObjectNode root)) {
      throw new ConfigException(source, List.of("the file must hold a mapping of keys (http, pg, products, mutuals, ...)"));
    }
    List<String> overridden = applyEnvironment(root, env);
    List<String> retired = retiredKeys(root);
    if (!retired.isEmpty()) throw new ConfigException(source, retired);
    KeneyaConfig config;
    try {
      config = YAML.treeToValue(root, KeneyaConfig.class);
    } catch (JsonMappingException e) {
      throw new ConfigException(source, List.of(describe(e)));
    } catch (JsonProcessingException e) {
      throw new ConfigException(source, List.of(e.getOriginalMessage()));
    }
    List<String> problems = new ArrayList<>(ConfigValidator.validate(config));
    ServiceLoader.load(ConfigCheck.class).forEach(check -> problems.addAll(check.problems(config)));
    if (!problems.isEmpty()) {
      String from = overridden.isEmpty() ? source : source + " (with environment overrides " + overridden + ")";
      throw new ConfigException(from, problems);
    }
    return config;
  }

  /** Keys that once held shared secrets: named with what replaced them, rather than as misspellings. */
  private static List<String> retiredKeys(ObjectNode root) {
    List<String> problems = new ArrayList<>();
    if (root.has("admin")) {
      problems.add("admin.token: no longer used: people and systems have their own accounts; create the first administrator with"
          + " `java -jar keneya-gateway.jar accounts create-admin --name \"...\"` and remove the admin section");
    }
    JsonNode centres = root.get("healthCentres");
    for (int i = 0; centres != null && i < centres.size(); i++) {
      if (centres.get(i).has("token")) {
        problems.add("healthCentres[" + i + "].token: no longer used: give the centre an account with the health-centre role"
            + " (POST /api/v1/accounts) and remove the token");
      }
    }
    return problems;
  }

  private static String describe(JsonMappingException e) {
    String message = e.getOriginalMessage();
    if (message.startsWith("Unrecognized field")) {
      message = "unknown key (check its spelling)";
    } else if (message.contains("Cannot deserialize value of type")) {
      message = "wrong kind of value: " + message.replaceAll("\\s*at \\[Source.*", "");
    }
    return JsonPaths.of(e, "(top level)") + ": " + message;
  }

  /** Applies every {@code KENEYA_...} variable that names a known key; returns the variables used. */
  static List<String> applyEnvironment(ObjectNode root, Map<String, String> env) {
    Set<List<String>> paths = new LinkedHashSet<>();
    collectTypePaths(KeneyaConfig.class, new ArrayList<>(), paths);
    collectTreePaths(root, new ArrayList<>(), paths);
    List<String> used = new ArrayList<>();
    for (List<String> path : paths) {
      String name = envName(path);
      String value = env.get(name);
      if (value != null) {
        set(root, path, value);
        used.add(name);
      }
    }
    return used;
  }

  static String envName(List<String> path) {
    StringBuilder name = new StringBuilder(ENV_PREFIX);
    for (int i = 0; i < path.size(); i++) {
      if (i > 0) name.append('_');
      name.append(path.get(i).replaceAll("([a-z0-9])([A-Z])", "$1_$2").replace('-', '_').toUpperCase());
    }
    return name.toString();
  }

  /** Scalar keys reachable through records (not through lists, whose items only the file names). */
  private static void collectTypePaths(Class<?> type, List<String> prefix, Set<List<String>> out) {
    for (RecordComponent component : type.getRecordComponents()) {
      List<String> path = new ArrayList<>(prefix);
      path.add(component.getName());
      Class<?> t = component.getType();
      if (t.isRecord()) {
        collectTypePaths(t, path, out);
      } else if (!List.class.isAssignableFrom(t) && !t.isInterface()) {
        out.add(path);
      }
    }
  }

  private static void collectTreePaths(JsonNode node, List<String> prefix, Set<List<String>> out) {
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        List<String> path = new ArrayList<>(prefix);
        path.add(field.getKey());
        collectTreePaths(field.getValue(), path, out);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        List<String> path = new ArrayList<>(prefix);
        path.add(Integer.toString(i));
        collectTreePaths(node.get(i), path, out);
      }
    } else {
      out.add(prefix);
    }
  }

  private static void set(ObjectNode root, List<String> path, String value) {
    JsonNode node = root;
    for (int i = 0; i < path.size() - 1; i++) {
      String segment = path.get(i);
      JsonNode child = node.isArray() ? node.get(Integer.parseInt(segment)) : node.get(segment);
      if (child == null || child.isNull()) {
        child = JsonNodeFactory.instance.objectNode();
        ((ObjectNode) node).set(segment, child);
      }
      node = child;
    }
    String last = path.get(path.size() - 1);
    if (node instanceof ArrayNode array) {
      array.set(Integer.parseInt(last), TextNode.valueOf(value));
    } else {
      ((ObjectNode) node).put(last, value);
    }
  }
}
