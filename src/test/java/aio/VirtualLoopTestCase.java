package aio;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A fresh virtual-clock loop per test, its log and error reports captured, closed afterwards. */
abstract class VirtualLoopTestCase {
    protected LoopTestSupport.Captured c;
    protected EventLoop loop;

    @BeforeEach
    void newLoop() {
        c = LoopTestSupport.virtualLoop();
        loop = c.loop;
    }

    @AfterEach
    void closeLoop() {
        loop.close();
    }
}
