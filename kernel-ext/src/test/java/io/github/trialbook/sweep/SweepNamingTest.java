package io.github.trialbook.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.trialbook.batch.BatchConfigException;
import io.github.trialbook.batch.Config;
import io.github.trialbook.batch.SweepConfigs;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SweepNamingTest {

  @Test
  void theIssuesGridGivesTwelveNamedConfigsWithThePointAsParams() {
    SweepConfigs configs = issueGrid().configs();
    assertThat(configs).hasSize(12);
    assertThat(configs.axes()).containsExactly("T", "eps", "tau");
    assertThat(configs.get(0).name()).isEqualTo("T300_eps0p1_tau0p001");
    assertThat(configs.get(1).name()).isEqualTo("T300_eps0p1_tau0p01");
    assertThat(configs.get(11).name()).isEqualTo("T400_eps1p0_tau0p01");
    assertThat(configs.get(0).params()).containsExactly(Map.entry("T", 300), Map.entry("eps", 0.1),
        Map.entry("tau", 1e-3));
    assertThat(configs.stream().map(Config::name).distinct()).hasSize(12);
  }

  @ParameterizedTest
  @CsvSource({"0.1, 0p1", "1.0, 1p0", "0.001, 0p001", "-2.5, m2p5", "1e-7, 0p0000001",
      "1e10, 10000000000p0"})
  void doublesAreWrittenWithoutExponentPointAsPAndMinusAsM(double value, String expected) {
    assertThat(CaseNames.value(value)).isEqualTo(expected);
  }

  @Test
  void otherValueKinds() {
    assertThat(CaseNames.value(-3)).isEqualTo("m3");
    assertThat(CaseNames.value(7L)).isEqualTo("7");
    assertThat(CaseNames.value(new BigDecimal("1.50"))).isEqualTo("1p50");
    assertThat(CaseNames.value(0.1f)).isEqualTo("0p1");
    assertThat(CaseNames.value("a/b c:d.e")).isEqualTo("a_b_c_d.e");
    assertThat(CaseNames.value(true)).isEqualTo("true");
    assertThat(CaseNames.value(Double.NaN)).isEqualTo("nan");
    assertThat(CaseNames.value(Double.NEGATIVE_INFINITY)).isEqualTo("minf");
    assertThat(Sweep.grid(Map.of("model/name", List.of("gpt 4o"))).configs().get(0).name())
        .isEqualTo("model_namegpt_4o");
  }

  @Test
  void longNamesKeepAPrefixAndAStableHashOfTheFullPoint() {
    String longValue = "x".repeat(80);
    List<Config> configs = Sweep.grid(Map.of("a", List.of(longValue + "1", longValue + "2")))
        .configs();
    String first = configs.get(0).name();
    String second = configs.get(1).name();
    assertThat(first).hasSizeLessThanOrEqualTo(64).startsWith("axxxx").matches(".*_[0-9a-f]{8}");
    assertThat(second).hasSizeLessThanOrEqualTo(64).isNotEqualTo(first);
    assertThat(first.substring(0, first.length() - 9)).isEqualTo(second.substring(0,
        second.length() - 9));
    assertThat(Sweep.grid(Map.of("a", List.of(longValue + "1"))).configs().get(0).name())
        .isEqualTo(first);
    assertThat(configs.get(0).params().get("a")).isEqualTo(longValue + "1");
  }

  @Test
  void twoPointsWithOneNameAreRefusedNamingBothPoints() {
    assertThatThrownBy(() -> Sweep.grid(Map.of("x", List.of("a b", "a_b"))).configs())
        .isInstanceOf(BatchConfigException.class)
        .hasMessageContaining("1 case name collision")
        .hasMessageContaining("\"xa_b\" names both {x=a b} and {x=a_b}");
    assertThatThrownBy(() -> issueGrid().name(p -> "T" + p.get("T")).configs())
        .hasMessageContaining("\"T300\" names both {T=300, eps=0.1, tau=0.001} and "
            + "{T=300, eps=0.1, tau=0.01}")
        .hasMessageContaining("name(p -> ...)");
  }

  @Test
  void ownNamingRuleIsUsedAndChecked() {
    List<Config> own = issueGrid().name(p -> "T" + p.get("T") + "_eps" + p.get("eps") + "_tau"
        + p.get("tau")).configs();
    assertThat(own.get(0).name()).isEqualTo("T300_eps0.1_tau0.001");
    assertThatThrownBy(() -> Sweep.grid(Map.of("T", List.of(1))).name(p -> "T=" + p.get("T"))
        .configs()).isInstanceOf(BatchConfigException.class)
        .hasMessageContaining("\"T=1\"").hasMessageContaining("{T=1}");
    assertThatThrownBy(() -> Sweep.grid(Map.of("T", List.of(1))).name(p -> "..").configs())
        .hasMessageContaining("not be only dots");
    assertThatThrownBy(() -> Sweep.grid(Map.of("T", List.of(1))).name(p -> "a.").configs())
        .hasMessageContaining("ends with '.'");
    assertThatThrownBy(() -> Sweep.grid(Map.of("T", List.of(1))).name(p -> "y".repeat(65))
        .configs()).hasMessageContaining("65 characters");
  }

  @ParameterizedTest
  @CsvSource({"CON", "nul", "Com1", "LPT9", "aux.txt"})
  void windowsDeviceNamesAreRefused(String name) {
    assertThatThrownBy(() -> Sweep.grid(Map.of("T", List.of(1))).name(p -> name).configs())
        .isInstanceOf(BatchConfigException.class).hasMessageContaining("reserved device name");
    assertThatThrownBy(() -> Sweep.points(List.of(Map.of("CO", "N"))).configs())
        .hasMessageContaining("\"CON\"");
  }

  @Test
  void emptyAxesNullValuesAndDuplicatePointsAreRefused() {
    assertThatThrownBy(() -> Sweep.grid(Map.of("T", List.of()))).isInstanceOf(
        BatchConfigException.class).hasMessageContaining("axis 'T' is empty");
    assertThatThrownBy(() -> Sweep.grid(Map.of())).hasMessageContaining("at least one axis");
    List<Object> withNull = new ArrayList<>();
    withNull.add(1);
    withNull.add(null);
    assertThatThrownBy(() -> Sweep.grid(Map.of("T", withNull)))
        .hasMessageContaining("axis 'T' value [1]").hasMessageContaining("is null");
    assertThatThrownBy(() -> Sweep.grid(Map.of("T", List.of(1, 2, 1))))
        .hasMessageContaining("holds 1 twice");
    assertThatThrownBy(() -> Sweep.points(List.of(Map.of("T", 1), Map.of("T", 2), Map.of("T", 1)))
        .configs()).hasMessageContaining("duplicate points: [0] and [2] are both {T=1}");
    assertThatThrownBy(() -> Sweep.zip(Map.of("a", List.of(1, 2), "b", List.of(1))))
        .hasMessageContaining("lengths: {a=2, b=1}");
  }

  @Test
  void zipPointsAndRandom() {
    List<Config> zipped = Sweep.zip(Map.of("lr", List.of(1e-3, 1e-4), "bs", List.of(32, 64)))
        .configs();
    assertThat(zipped).extracting(Config::name).containsExactly("bs32_lr0p001", "bs64_lr0p0001");
    List<Config> points = Sweep.points(List.of(Map.of("T", 300), Map.of("T", 350, "eps", 0.5)))
        .configs();
    assertThat(points).extracting(Config::name).containsExactly("T300", "T350_eps0p5");
    SweepConfigs random = Sweep.random(Map.of("lr", Sweep.logUniform(1e-5, 1e-2),
        "opt", Sweep.choice(List.of("adam", "sgd"))), 20, 42).configs();
    assertThat(random).hasSize(20);
    assertThat(random.axes()).containsExactly("lr", "opt");
    for (Config c : random) {
      assertThat(c.doubleParam("lr")).isBetween(1e-5, 1e-2);
      assertThat(c.name()).matches("[A-Za-z0-9._-]{1,64}");
    }
    assertThat(Sweep.random(Map.of("lr", Sweep.logUniform(1e-5, 1e-2),
        "opt", Sweep.choice(List.of("adam", "sgd"))), 20, 42).configs()).isEqualTo(random);
    assertThatThrownBy(() -> Sweep.logUniform(0, 1)).hasMessageContaining("0 < lo < hi");
  }

  @Test
  void theSameGridGivesTheSameNamesAndOrderInAnotherJvm() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        SweepNamingTest.class.getName() + "$Child").redirectErrorStream(true).start();
    String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(out.strip()).isEqualTo(Child.names());
  }

  /** Prints the names of a grid built from maps in another insertion order. */
  public static final class Child {
    public static void main(String[] args) {
      System.out.println(names());
    }

    static String names() {
      Map<String, List<?>> axes = new LinkedHashMap<>();
      axes.put("tau", List.of(1e-3, 1e-2));
      axes.put("T", List.of(300, 350, 400));
      axes.put("eps", List.of(0.1, 1.0));
      axes.put("long", List.of("v".repeat(70)));
      return String.join(",", Sweep.grid(axes).configs().stream().map(Config::name).toList());
    }
  }

  @Test
  void namesAreUniqueAndFileSafeForManyPoints() {
    Set<String> names = new TreeSet<>();
    Sweep.grid(Map.of("a", List.of(-1.5, 0.0, 2.25, 1e-9), "b", List.of("x/y", "x:z", "q"),
        "c", List.of(true, false))).configs().forEach(c -> names.add(c.name()));
    assertThat(names).hasSize(24).allMatch(n -> n.matches("[A-Za-z0-9._-]+"));
  }

  private static Sweep issueGrid() {
    return Sweep.grid(Map.of(
        "T", List.of(300, 350, 400),
        "eps", List.of(0.1, 1.0),
        "tau", List.of(1e-3, 1e-2)));
  }
}
