package org.keneya.flows.people;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.keneya.config.KeneyaConfig;
import org.keneya.config.MutualConfig;
import org.keneya.config.ProductConfig;
import org.keneya.config.ProductConfig.ContributionRule;

/**
 * A household to enrol: its head (who pays, from {@code headMsisdn}) and the other persons
 * covered. {@link #validate} names every field that is wrong, so one answer lists them all.
 *
 * @param guaranteeLevel required for products priced per guarantee level, refused otherwise
 * @param headBirthYear may be null: registers often lack it
 */
public record NewHousehold(
    String mutual,
    String section,
    String product,
    String guaranteeLevel,
    String headName,
    Integer headBirthYear,
    String headMsisdn,
    String language,
    List<NewMember> members) {

  /** The most persons one household may register in one go; beyond is a data error, not a family. */
  public static final int MAX_PERSONS = 60;
  private static final int MAX_NAME = 80;

  public record NewMember(String name, Integer birthYear) {}

  public record FieldError(String field, String message) {}

  public List<FieldError> validate(KeneyaConfig config, int currentYear) {
    List<FieldError> errors = new ArrayList<>();
    Optional<MutualConfig> m = blank(mutual) ? Optional.empty() : config.mutual(mutual);
    if (blank(mutual)) errors.add(new FieldError("mutual", "required"));
    else if (m.isEmpty()) errors.add(new FieldError("mutual", "unknown mutual '" + mutual + "'"));
    Optional<MutualConfig.SectionConfig> s = m.flatMap(x -> blank(section) ? Optional.empty() : x.section(section));
    if (blank(section)) errors.add(new FieldError("section", "required"));
    else if (m.isPresent() && s.isEmpty()) errors.add(new FieldError("section", "unknown section '" + section + "' in " + mutual));
    if (blank(product)) errors.add(new FieldError("product", "required"));
    else if (m.isPresent() && s.isPresent() && !s.get().offeredProducts(m.get()).contains(product)) {
      errors.add(new FieldError("product", "product '" + product + "' is not offered in section " + section));
    } else {
      config.product(product).ifPresent(p -> checkLevel(p, errors));
    }
    checkName("headName", headName, errors);
    checkYear("headBirthYear", headBirthYear, currentYear, errors);
    if (blank(headMsisdn)) errors.add(new FieldError("headMsisdn", "required"));
    else if (Msisdn.parse(headMsisdn, config.defaultCountryCode()).isEmpty()) {
      errors.add(new FieldError("headMsisdn", "not a mobile number: use +" + config.defaultCountryCode() + " followed by the 8 digits"));
    }
    if (language != null && !language.equals("fr") && !language.equals("bm")) {
      errors.add(new FieldError("language", "fr or bm"));
    }
    List<NewMember> list = members == null ? List.of() : members;
    if (list.size() + 1 > MAX_PERSONS) errors.add(new FieldError("members", "at most " + (MAX_PERSONS - 1) + " members besides the head"));
    for (int i = 0; i < list.size(); i++) {
      NewMember member = list.get(i);
      if (member == null) {
        errors.add(new FieldError("members[" + i + "]", "required"));
        continue;
      }
      checkName("members[" + i + "].name", member.name(), errors);
      checkYear("members[" + i + "].birthYear", member.birthYear(), currentYear, errors);
    }
    return errors;
  }

  private void checkLevel(ProductConfig p, List<FieldError> errors) {
    if (p.contribution() instanceof ContributionRule.PerPersonByLevel byLevel) {
      if (blank(guaranteeLevel)) {
        errors.add(new FieldError("guaranteeLevel", "required for " + p.id() + ": one of "
            + byLevel.levels().stream().map(ProductConfig.GuaranteeLevel::id).toList()));
      } else if (byLevel.level(guaranteeLevel).isEmpty()) {
        errors.add(new FieldError("guaranteeLevel", "unknown level '" + guaranteeLevel + "': one of "
            + byLevel.levels().stream().map(ProductConfig.GuaranteeLevel::id).toList()));
      }
    } else if (!blank(guaranteeLevel)) {
      errors.add(new FieldError("guaranteeLevel", "product " + p.id() + " has no guarantee levels"));
    }
  }

  private static void checkName(String field, String name, List<FieldError> errors) {
    if (blank(name)) errors.add(new FieldError(field, "required"));
    else if (name.strip().length() > MAX_NAME) errors.add(new FieldError(field, "at most " + MAX_NAME + " characters"));
    else if (name.chars().anyMatch(Character::isISOControl)) errors.add(new FieldError(field, "contains control characters"));
  }

  private static void checkYear(String field, Integer year, int currentYear, List<FieldError> errors) {
    if (year != null && (year < currentYear - 120 || year > currentYear)) {
      errors.add(new FieldError(field, "a year between " + (currentYear - 120) + " and " + currentYear));
    }
  }

  public int persons() {
    return 1 + (members == null ? 0 : members.size());
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
