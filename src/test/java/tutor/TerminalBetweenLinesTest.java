package tutor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;

import org.jline.terminal.Attributes;
import org.jline.terminal.Attributes.ControlChar;
import org.jline.terminal.Attributes.LocalFlag;
import org.junit.jupiter.api.Test;

/**
 * The terminal's settings between lines (TerminalIO.betweenLines). Out of line mode the kernel
 * passes every key on as typed. In line mode, a Ctrl-D typed between a snippet's end and the next
 * prompt is kept as an end-of-file mark, which reaches JLine as a NUL once it switches to raw
 * mode: on a Linux pty with ECHO off and ICANON on, write 0x04, then raw mode, and the reader
 * gets 0x00; with ICANON off, 0x04. (A likely cause of a rare TmuxEndToEndTest failure, where
 * Ctrl-D right after Ctrl-C did not end the console.)
 */
class TerminalBetweenLinesTest {

    private static Attributes cooked() {
        Attributes a = new Attributes();
        a.setLocalFlags(EnumSet.of(LocalFlag.ICANON, LocalFlag.ECHO, LocalFlag.ECHOE, LocalFlag.ISIG, LocalFlag.IEXTEN), true);
        a.setControlChar(ControlChar.VEOF, 4);
        a.setControlChar(ControlChar.VINTR, 3);
        a.setControlChar(ControlChar.VMIN, 0);
        a.setControlChar(ControlChar.VTIME, 5);
        return a;
    }

    @Test
    void betweenLinesKeysReachTheLineEditorAsTypedAndCtrlCStillSignals() {
        Attributes quiet = TerminalIO.betweenLines(cooked());
        assertFalse(quiet.getLocalFlag(LocalFlag.ECHO), "the line editor draws what is typed");
        assertFalse(quiet.getLocalFlag(LocalFlag.ICANON), "no line mode: Ctrl-D stays a Ctrl-D");
        assertFalse(quiet.getLocalFlag(LocalFlag.IEXTEN), "Ctrl-V and Ctrl-O are the editor's");
        assertTrue(quiet.getLocalFlag(LocalFlag.ISIG), "Ctrl-C still signals");
        assertEquals(3, quiet.getControlChar(ControlChar.VINTR));
        assertEquals(1, quiet.getControlChar(ControlChar.VMIN), "a read waits for a key: 0 bytes would read as the end of input");
        assertEquals(0, quiet.getControlChar(ControlChar.VTIME));
    }

    @Test
    void theSettingsFoundAreLeftAsTheyWereToBePutBack() {
        Attributes found = cooked();
        TerminalIO.betweenLines(found);
        assertTrue(found.getLocalFlag(LocalFlag.ICANON));
        assertTrue(found.getLocalFlag(LocalFlag.ECHO));
        assertEquals(0, found.getControlChar(ControlChar.VMIN));
    }
}
