package io.github.trialbook.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PlainTextTest {
  @Test
  void controlCharactersBecomeVisibleOneForOneAndLineBreaksAndTabsStay() {
    assertThat(PlainText.escape("\u001b[31mred\u001b[0m")).isEqualTo("␛[31mred␛[0m");
    assertThat(PlainText.escape("a\tb\nc\r\nd")).isEqualTo("a\tb\nc\r\nd");
    assertThat(PlainText.escape("ok\rFAIL")).isEqualTo("ok␍FAIL");
    assertThat(PlainText.escape("bell\u0007 del\u007f csi\u009b nul\u0000"))
        .isEqualTo("bell␇ del␡ csi\uFFFD nul␀");
    assertThat(PlainText.escape("x\u202ey\u2066z")).isEqualTo("x\uFFFDy\uFFFDz");
    assertThat(PlainText.escape("naïve — 日本 😀")).isEqualTo("naïve — 日本 😀");
    String clean = "nothing to do";
    assertThat(PlainText.escape(clean)).isSameAs(clean);
    assertThat(PlainText.escape(null)).isNull();
    assertThat(PlainText.escape("end\r")).isEqualTo("end␍");
  }
}
