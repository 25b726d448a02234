package aio.tutor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import aio.BackgroundLoop;

import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

public class JavaSessionTest {
    public static BackgroundLoop loop;
    static JavaSession session;

    @BeforeAll
    static void start() {
        loop = new BackgroundLoop();
        session = new JavaSession(loop);
    }

    @AfterAll
    static void stop() {
        session.close();
        loop.close();
    }

    static String run(String input) {
        return session.eval(input).lines().stream().map(JavaSession.Line::text).collect(Collectors.joining("\n"));
    }

    @Test
    void valuesShowAsJshellShowsThem() {
        assertEquals("x ==> 42", run("int x = 42;"));
        assertEquals("$2 ==> 43", run("x + 1").replaceAll("\\$\\d+", "\\$2"));
    }

    @Test
    void topLevelAwaitRunsOnTheLoop() {
        assertEquals("t ==> \"aio-loop\"", run("sleep(0.01); String t = Thread.currentThread().getName();"));
        assertEquals("same ==> true", run("boolean same = getRunningLoop() == aio.tutor.JavaSessionTest.loop.loop();"));
    }

    @Test
    void compileErrorHasACaret() {
        JavaSession.Outcome o = session.eval("int y = nope + 1;");
        assertTrue(o.failed());
        System.out.println(o.lines());
    }

    @Test
    void exceptionIsOneLine() {
        JavaSession.Outcome o = session.eval("void boom() { throw new IllegalStateException(\"bad\"); }\nboom();");
        System.out.println(o.lines());
        System.out.println(session.lastTrace());
    }
}
