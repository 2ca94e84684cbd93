package dev.orderlens.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Which command lines start the app without picocli (the start-up path, ADR 0310). */
class GuiFastPathTest {
    @Test
    void plainGuiWithFilesSkipsTheCommandLine() {
        assertTrue(GuiCommand.isPlainLaunch(new String[] {"gui"}));
        assertTrue(GuiCommand.isPlainLaunch(new String[] {"gui", "a.blkparse.txt", "b.qemu.log"}));
    }

    @Test
    void optionsHelpAndOtherCommandsGoThroughPicocli() {
        assertFalse(GuiCommand.isPlainLaunch(new String[] {}));
        assertFalse(GuiCommand.isPlainLaunch(new String[] {"gui", "--help"}));
        assertFalse(GuiCommand.isPlainLaunch(new String[] {"gui", "a.json", "-h"}));
        assertFalse(GuiCommand.isPlainLaunch(new String[] {"info", "a.json"}));
        assertFalse(GuiCommand.isPlainLaunch(new String[] {"--version"}));
    }
}
