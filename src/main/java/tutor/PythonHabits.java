package tutor;

import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Python typed at the Java prompt: the lecture's learners write {@code await t},
 * {@code await asyncio.sleep(1)}, {@code asyncio.create_task(...)}, {@code async def},
 * {@code print(...)}. JShell would read {@code await t} as a declaration of a variable
 * {@code t} of a type {@code await} (replacing the learner's {@code t}), and wait for more
 * lines after {@code await sleep(1)}. Such input is recognised before JShell sees it and
 * answered with one line in Java form.
 */
final class PythonHabits {
    private PythonHabits() {
    }

    /** asyncio's names and aio's, for {@code asyncio.NAME} typed as in Python. */
    private static final Map<String, String> NAMES = Map.ofEntries(
            Map.entry("create_task", "createTask"), Map.entry("gather", "gather"), Map.entry("wait", "Aio.wait"),
            Map.entry("wait_for", "waitFor"), Map.entry("as_completed", "asCompleted"), Map.entry("shield", "shield"),
            Map.entry("sleep", "sleep"), Map.entry("run", "run"), Map.entry("get_running_loop", "getRunningLoop"),
            Map.entry("get_event_loop", "getRunningLoop"), Map.entry("new_event_loop", "newEventLoop"),
            Map.entry("current_task", "currentTask"), Map.entry("all_tasks", "allTasks"), Map.entry("to_thread", "toThread"),
            Map.entry("timeout", "timeout"), Map.entry("TaskGroup", "new TaskGroup"), Map.entry("Queue", "new Queue<>"),
            Map.entry("Lock", "new Lock"), Map.entry("Event", "new Event"), Map.entry("Semaphore", "new Semaphore"),
            Map.entry("open_connection", "openConnection"), Map.entry("start_server", "startServer"),
            Map.entry("create_subprocess_exec", "createSubprocessExec"),
            Map.entry("create_subprocess_shell", "createSubprocessShell"), Map.entry("Future", "getRunningLoop().createFuture"));

    private static final Pattern AWAIT_WORD = Pattern.compile("^\\s*await\\s+(?!\\()(.+?)\\s*;?\\s*$", Pattern.DOTALL);
    private static final Pattern ASYNCIO_CALL = Pattern.compile("\\basyncio\\.(\\w+)");
    private static final Pattern ASYNC_DEF = Pattern.compile("^\\s*async\\s+(def|with|for)\\b");
    private static final Pattern ASYNC_WITH = Pattern.compile("^\\s*async\\s+with\\s+(?:asyncio\\.)?(\\w+)");
    private static final Pattern DEF = Pattern.compile("^\\s*def\\s+\\w+\\s*\\(.*\\)\\s*(->.*)?:\\s*$", Pattern.DOTALL);
    private static final Pattern IMPORT_ASYNCIO = Pattern.compile("^\\s*(import\\s+asyncio|from\\s+asyncio\\s+import\\b.*)\\s*$");
    private static final Pattern PRINT = Pattern.compile("^\\s*print\\s*\\((.*)\\)\\s*;?\\s*$", Pattern.DOTALL);
    private static final Pattern BLOCK_COLON = Pattern.compile("^\\s*(for|while|if|elif|else|try|except|with)\\b[^{;]*:\\s*$");

    /**
     * The one line for {@code input} when it is Python ("that is Python: ... write ..."), or null. {@code isMethod} tells whether
     * the learner declared a method of that name ({@code print} may be theirs).
     */
    static String hint(String input, Predicate<String> isMethod) {
        String s = input.strip();
        if (ASYNCIO_CALL.matcher(withoutStrings(s)).find() == false && !s.startsWith("await")
                && !s.startsWith("async") && !s.startsWith("def") && !s.startsWith("print") && !s.startsWith("import")
                && !s.startsWith("from") && !s.endsWith(":")) {
            return null; // the common case, Java, at the cost of one scan
        }
        if (IMPORT_ASYNCIO.matcher(s).matches()) {
            return Messages.get("python.import-asyncio");
        }
        Matcher m = AWAIT_WORD.matcher(s);
        if (m.matches()) {
            String what = javaForm(m.group(1).strip());
            if (what.startsWith("sleep(")) {
                return Messages.get("python.await-sleep", what);
            }
            return Messages.get("python.await", what);
        }
        Matcher with = ASYNC_WITH.matcher(withoutStrings(s));
        if (with.find()) {
            return asyncWith(with.group(1), s);
        }
        if (ASYNC_DEF.matcher(s).find()) {
            return Messages.get("python.async-def");
        }
        if (DEF.matcher(s).matches() || BLOCK_COLON.matcher(s).matches()) {
            return Messages.get("python.block");
        }
        Matcher a = ASYNCIO_CALL.matcher(withoutStrings(s));
        if (a.find()) {
            return Messages.get("python.asyncio-prefix", javaForm(s));
        }
        Matcher p = PRINT.matcher(s);
        if (p.matches() && !isMethod.test("print")) {
            return Messages.get("python.print", p.group(1).strip());
        }
        return null;
    }

    /**
     * async with: a task group and a timeout are lambdas here (the forms that behave as asyncio's
     * __aexit__), anything else a try-with-resources block.
     */
    private static String asyncWith(String what, String line) {
        if (what.equals("TaskGroup")) {
            return Messages.get("python.async-with-taskgroup");
        }
        if (what.equals("timeout")) {
            return Messages.get("python.async-with-timeout", argument(line, what));
        }
        if (what.equals("timeout_at")) {
            return Messages.get("python.async-with-timeout-at", argument(line, what));
        }
        return Messages.get("python.async-with", what);
    }

    /** What is between the parentheses after {@code name(}, nested ones included; None is null here. */
    private static String argument(String line, String name) {
        int open = line.indexOf(name + "(");
        if (open < 0) {
            return "5";
        }
        int start = open + name.length() + 1;
        int depth = 1;
        for (int i = start; i < line.length(); i++) {
            char c = line.charAt(i);
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            if (depth == 0) {
                String arg = line.substring(start, i).strip();
                return arg.isEmpty() ? "5" : arg.equals("None") ? "(Double) null" : arg;
            }
        }
        return "5";
    }

    /** {@code s} with its string literals emptied: "asyncio.sleep" in a string is no habit. */
    /** {@code s} without the text of its string literals and its Java comments. */
    private static String withoutStrings(String s) {
        // A scan, not a regex: a regex's alternation recurses once a character, and a long
        // string literal would overflow the stack.
        StringBuilder b = new StringBuilder(s.length());
        boolean inString = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                    b.append('"');
                }
            } else if (c == '/' && i + 1 < s.length() && s.charAt(i + 1) == '/') {
                int end = s.indexOf('\n', i); // a Java comment: Python quoted in it is no habit
                i = end < 0 ? s.length() : end - 1;
            } else if (c == '/' && i + 1 < s.length() && s.charAt(i + 1) == '*') {
                int end = s.indexOf("*/", i + 2);
                i = end < 0 ? s.length() : end + 1;
            } else {
                b.append(c);
                inString = c == '"';
            }
        }
        return b.toString();
    }

    /** {@code asyncio.create_task(f())} as aio writes it: {@code createTask(f())}. */
    private static String javaForm(String python) {
        Matcher m = ASYNCIO_CALL.matcher(python);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(b, Matcher.quoteReplacement(NAMES.getOrDefault(m.group(1), m.group(1))));
        }
        m.appendTail(b);
        return b.toString().replaceAll(";\\s*$", "");
    }
}
