package dev.hermit.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hermit.HermitException;
import org.junit.jupiter.api.Test;

class CdsModeTest {
  @Test
  void parsesTheThreeModesAndNamesAWrongOne() {
    assertEquals(CdsMode.AUTO, CdsMode.parse("auto"));
    assertEquals(CdsMode.OFF, CdsMode.parse("off"));
    assertEquals(CdsMode.BUILD, CdsMode.parse("build"));
    assertEquals("off", CdsMode.OFF.id());
    HermitException e = assertThrows(HermitException.class, () -> CdsMode.parse("AUTO "));
    assertEquals("unknown class-data sharing mode 'AUTO ': use auto, off or build", e.getMessage());
  }
}
