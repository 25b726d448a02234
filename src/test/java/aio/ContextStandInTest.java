package aio;

import static aio.Aio.await;
import static aio.Aio.createTask;
import static aio.Aio.currentTask;
import static aio.Aio.run;
import static aio.Aio.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Tasks and callbacks in an empty context run in the thread's stand-in until a variable is set
 * or the context is asked for (a million tasks hold no million empty contexts): each must still
 * behave as if it had a copy of its own, as asyncio's do.
 */
class ContextStandInTest {
    private static final ContextVar<String> VAR = new ContextVar<>("var", "default");

    @Test
    void aSetInOneTaskIsSeenInItsLaterStepsAndNowhereElse() {
        List<String> seen = new ArrayList<>();
        run(() -> {
            Task<Void> a = createTask(() -> {
                VAR.set("a");
                sleep(0);
                seen.add("a sees " + VAR.get());
            });
            Task<Void> b = createTask(() -> {
                sleep(0);
                seen.add("b sees " + VAR.get());
                VAR.set("b");
                sleep(0);
                seen.add("b then sees " + VAR.get());
            });
            await(a);
            await(b);
            seen.add("main sees " + VAR.get());
            assertEquals("a", a.getContext().get(VAR));
            assertEquals("b", b.getContext().get(VAR));
        });
        assertEquals(List.of("a sees a", "b sees default", "b then sees b", "main sees default"), seen);
    }

    @Test
    void theContextAskedForFromInsideIsTheOneItsSetsGoTo() {
        run(() -> {
            Task<Context> t = createTask(() -> {
                Context mine = currentTask().getContext();
                VAR.set("inside");
                sleep(0);
                assertSame(mine, currentTask().getContext());
                return mine;
            });
            Context c = await(t);
            assertEquals("inside", c.get(VAR));
            assertSame(c, t.getContext());
        });
    }

    @Test
    void theContextAskedForBeforeTheFirstStepIsTheOneTheTaskRunsIn() {
        run(() -> {
            Task<String> t = createTask(() -> VAR.get());
            t.getContext().run(() -> VAR.set("given before"));
            assertEquals("given before", await(t));
            assertEquals("default", VAR.get());
        });
    }

    @Test
    void aCallbackThatSetsAVariableDoesNotLeakItToTheNext() {
        List<String> seen = new ArrayList<>();
        run(() -> {
            Future<Integer> f = new Future<>();
            f.addDoneCallback(x -> {
                seen.add("first sees " + VAR.get());
                VAR.set("first");
            });
            f.addDoneCallback(x -> seen.add("second sees " + VAR.get()));
            f.setResult(1);
            sleep(0);
            Task<String> after = createTask(() -> VAR.get());
            seen.add("a task after sees " + await(after));
        });
        assertEquals(List.of("first sees default", "second sees default", "a task after sees default"), seen);
    }

    @Test
    void anEagerTaskStartedInsideAStepGetsAContextOfItsOwn() {
        run(() -> {
            getLoopEager();
            Task<String> outer = createTask(() -> {
                VAR.set("outer");
                Task<String> inner = createTask(() -> {
                    String first = VAR.get();
                    VAR.set("inner");
                    sleep(0);
                    return first + "/" + VAR.get();
                });
                String got = await(inner);
                return got + " outer still " + VAR.get();
            });
            assertEquals("outer/inner outer still outer", await(outer));
            assertNull(Context.slot().blankTask);
            assertEquals("default", VAR.get());
        });
    }

    private static void getLoopEager() {
        Aio.getRunningLoop().setTaskFactory(Aio.eagerTaskFactory());
    }
}
