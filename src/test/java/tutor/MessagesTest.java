package tutor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ChoiceFormat;
import java.text.Format;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.PropertyResourceBundle;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The message catalogue (tutor/messages.properties) against the code that uses it: every key
 * the code asks for is there, every key there is used, each one is a pattern MessageFormat
 * reads as meant (no quote that swallows text), and the language is picked in one place.
 */
class MessagesTest {
    private static final Path SOURCES = Path.of("src", "main", "java");
    /** A key as the code asks for it: always a literal, so that this test can find it. */
    private static final Pattern USE = Pattern.compile("Messages\\.get\\(\\s*\"([^\"]+)\"");

    /** The English catalogue, read as the bundle is (UTF-8). */
    private static ResourceBundle english() throws IOException {
        try (InputStream in = Messages.class.getResourceAsStream("/tutor/messages.properties")) {
            assertTrue(in != null, "tutor/messages.properties is on the class path");
            return new PropertyResourceBundle(in);
        }
    }

    /** Key → the source files that ask for it, from every Messages.get("...") in src/main/java. */
    private static TreeMap<String, List<String>> usedKeys() throws IOException {
        TreeMap<String, List<String>> used = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String source = Files.readString(f, StandardCharsets.UTF_8);
                Matcher m = USE.matcher(source);
                while (m.find()) {
                    used.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(SOURCES.relativize(f).toString());
                }
            }
        }
        return used;
    }

    @Test
    void everyKeyTheCodeAsksForIsInTheCatalogue() throws IOException {
        Set<String> have = english().keySet();
        List<String> missing = usedKeys().entrySet().stream().filter(e -> !have.contains(e.getKey()))
                .map(e -> e.getKey() + " (" + String.join(", ", e.getValue()) + ")").toList();
        assertEquals(List.of(), missing, "keys missing from tutor/messages.properties");
    }

    @Test
    void everyKeyInTheCatalogueIsUsed() throws IOException {
        Set<String> unused = new TreeSet<>(english().keySet());
        unused.removeAll(usedKeys().keySet());
        assertEquals(Set.of(), unused, "keys in tutor/messages.properties that no code asks for");
    }

    @Test
    void theCodeNamesEachKeyLiterally() throws IOException {
        // A key put together at run time would escape the two tests above.
        Pattern call = Pattern.compile("Messages\\.get\\(\\s*(?!\")");
        List<String> dynamic = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
                for (int i = 0; i < lines.size(); i++) {
                    String code = lines.get(i).strip();
                    if (!code.startsWith("*") && !code.startsWith("//") && call.matcher(lines.get(i)).find()) {
                        dynamic.add(SOURCES.relativize(f) + ":" + (i + 1) + ": " + code);
                    }
                }
            }
        }
        assertEquals(List.of(), dynamic, "Messages.get takes its key as a string literal");
    }

    @Test
    void everyMessageFormatsWithoutLosingText() throws IOException {
        ResourceBundle bundle = english();
        List<String> bad = new ArrayList<>();
        for (String key : new TreeSet<>(bundle.keySet())) {
            String pattern = bundle.getString(key);
            // A single quote opens a quoted section in MessageFormat: an apostrophe is written '',
            // and a quoted section is there only to show braces ('{ }').
            Matcher quoted = Pattern.compile("'([^']*)'").matcher(pattern.replace("''", ""));
            while (quoted.find()) {
                if (!quoted.group(1).contains("{") && !quoted.group(1).contains("}")) {
                    bad.add(key + ": a lone quote swallows \"" + quoted.group(1) + "\" (write '' for an apostrophe)");
                }
            }
            if (pattern.replace("''", "").chars().filter(c -> c == '\'').count() % 2 != 0) {
                bad.add(key + ": a quote is never closed (write '' for an apostrophe)");
            }
            MessageFormat f;
            try {
                f = new MessageFormat(pattern, Locale.ROOT);
            } catch (IllegalArgumentException e) {
                bad.add(key + ": " + e.getMessage());
                continue;
            }
            // Each place gets a value of its kind: a number for a choice, text otherwise.
            Format[] byArgument = f.getFormatsByArgumentIndex();
            Object[] args = new Object[byArgument.length];
            for (int i = 0; i < args.length; i++) {
                args[i] = byArgument[i] instanceof ChoiceFormat ? (Object) 2 : "<" + i + ">";
            }
            String text;
            try {
                text = Messages.format(pattern, Locale.ROOT, args);
            } catch (IllegalArgumentException e) {
                bad.add(key + ": " + e.getMessage());
                continue;
            }
            for (int i = 0; i < args.length; i++) {
                if (!(byArgument[i] instanceof ChoiceFormat) && byArgument[i] != null) {
                    bad.add(key + ": {" + i + "} has a format of its own (" + byArgument[i].getClass().getSimpleName()
                            + "): pass the value as text");
                }
            }
            if (text.matches("(?s).*\\{\\d+\\}.*")) {
                bad.add(key + ": a place is left unfilled: " + text);
            }
        }
        assertEquals(List.of(), bad);
    }

    @Test
    void numbersAreWrittenAsTheyAreNotGrouped() {
        assertEquals("port 9996, 12345 tasks", Messages.format("port {0}, {1} {1,choice,1#task|1<tasks}", Locale.ROOT, 9996, 12345));
        assertEquals("1 task", Messages.format("{0} {0,choice,1#task|1<tasks}", Locale.ROOT, 1));
        assertEquals("it's null", Messages.format("it''s {0}", Locale.ROOT, (Object) null));
    }

    @Test
    void readsTheCatalogueAsUtf8() {
        assertTrue(Messages.get("play.lesson.passed").contains("✓"), Messages.get("play.lesson.passed"));
    }

    @Test
    void anUnknownKeyIsAnError() {
        assertThrows(MissingResourceException.class, () -> Messages.get("no.such.key"));
    }

    @Test
    void aLanguageWithoutAFileOfItsOwnSpeaksEnglish() {
        Locale before = Messages.locale();
        String english = Messages.get("play.lesson.passed");
        try {
            Messages.use(Locale.forLanguageTag("ru"));
            assertEquals(Locale.forLanguageTag("ru"), Messages.locale());
            assertEquals(english, Messages.get("play.lesson.passed"));
        } finally {
            Messages.use(before);
        }
    }

    @Test
    void aJvmStartsInThePropertysLanguageElseItsOwn() {
        String before = System.getProperty(Messages.LOCALE_PROPERTY);
        try {
            System.setProperty(Messages.LOCALE_PROPERTY, "ru");
            assertEquals(Locale.forLanguageTag("ru"), Messages.initialLocale());
            System.clearProperty(Messages.LOCALE_PROPERTY);
            assertEquals(Locale.getDefault(Locale.Category.DISPLAY), Messages.initialLocale());
        } finally {
            if (before != null) {
                System.setProperty(Messages.LOCALE_PROPERTY, before);
            }
        }
    }

    @Test
    void theAgentIsToldTheConsolesLanguage() {
        Locale before = Messages.locale();
        try {
            Messages.use(Locale.forLanguageTag("ru"));
            List<String> command = AgentProcess.command(new AgentProcess.Options(false, false, 0), List.of(), 12345);
            assertTrue(command.contains("-D" + Messages.LOCALE_PROPERTY + "=ru"), command.toString());
            assertTrue(command.indexOf("-D" + Messages.LOCALE_PROPERTY + "=ru") < command.indexOf("tutor.agent.Agent"),
                    "a JVM option, before the main class: " + command);
        } finally {
            Messages.use(before);
        }
    }
}
