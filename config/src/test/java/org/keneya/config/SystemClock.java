package org.keneya.config;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCall;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZonedDateTime;
import java.util.Date;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The calls that read the machine's clock, for the modules' architecture rules: code that reads
 * them cannot be tested at another hour or moved forward by a test, where code given a
 * {@link Clock} (or the date) can.
 */
public final class SystemClock {
  private static final Set<String> DATES = Stream.of(Instant.class, LocalDate.class, LocalDateTime.class, LocalTime.class,
      ZonedDateTime.class, OffsetDateTime.class, OffsetTime.class, Year.class, YearMonth.class, MonthDay.class)
      .map(Class::getName).collect(Collectors.toSet());

  /** The time of day: {@code now()} without a {@link Clock}, {@code System.currentTimeMillis()}, {@code Clock.system*()}, {@code new Date()}. */
  public static final DescribedPredicate<JavaCall<?>> WALL_CLOCK = DescribedPredicate.describe(
      "read the system clock (now() without a Clock, System.currentTimeMillis(), Clock.system...(), new Date())", call -> {
        String owner = call.getTargetOwner().getName();
        String name = call.getName();
        boolean givenAClock = call.getTarget().getRawParameterTypes().stream().anyMatch(type -> type.isAssignableTo(Clock.class));
        return DATES.contains(owner) && name.equals("now") && !givenAClock
            || owner.equals(System.class.getName()) && name.equals("currentTimeMillis")
            || owner.equals(Clock.class.getName()) && name.startsWith("system")
            || owner.equals(Date.class.getName()) && name.equals("<init>") && call.getTarget().getRawParameterTypes().isEmpty();
      });

  /** The stopwatch, {@code System.nanoTime()}: fine for timing an operation, not for deciding anything in the core. */
  public static final DescribedPredicate<JavaCall<?>> STOPWATCH = DescribedPredicate.describe(
      "read the system stopwatch (System.nanoTime())",
      call -> call.getTargetOwner().getName().equals(System.class.getName()) && call.getName().equals("nanoTime"));

  private SystemClock() {}
}
