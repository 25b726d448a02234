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
import java.util.Map;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The message catalogue (tutor/messages.properties) against the code that uses it: every key
 * the code asks for is there, every key there is used, each one is a pattern MessageFormat
 * reads as meant (no quote that swallows text), and the language is picked in one place. The
 * Russian translation (tutor/messages_ru.properties) against the English: the same keys, the
 * same places in each pattern, the same lines in each text, and nothing left in English.
 */
class MessagesTest {
    private static final Path SOURCES = Path.of("src", "main", "java");
    /** A key as the code asks for it: always a literal, so that this test can find it. */
    private static final Pattern USE = Pattern.compile("Messages\\.get\\(\\s*\"([^\"]+)\"");

    /** The English catalogue, read as the bundle is (UTF-8). */
    private static ResourceBundle english() throws IOException {
        return catalogue("messages.properties");
    }

    /** The Russian catalogue, read as the bundle is (UTF-8). */
    private static ResourceBundle russian() throws IOException {
        return catalogue("messages_ru.properties");
    }

    /** tutor/{@code file}, read as the bundle is (UTF-8). */
    private static ResourceBundle catalogue(String file) throws IOException {
        try (InputStream in = Messages.class.getResourceAsStream("/tutor/" + file)) {
            assertTrue(in != null, "tutor/" + file + " is on the class path");
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

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"messages.properties", "messages_ru.properties"})
    void everyMessageFormatsWithoutLosingText(String file) throws IOException {
        ResourceBundle bundle = catalogue(file);
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
        try {
            Messages.use(Locale.ENGLISH);
            String english = Messages.get("play.lesson.passed");
            Messages.use(Locale.forLanguageTag("fr"));
            assertEquals(Locale.forLanguageTag("fr"), Messages.locale());
            assertEquals(english, Messages.get("play.lesson.passed"));
        } finally {
            Messages.use(before);
        }
    }

    @Test
    void russianSpeaksFromItsOwnFile() {
        Locale before = Messages.locale();
        try {
            Messages.use(Locale.forLanguageTag("ru-RU"));
            // the wordings the lessons' Russian checks are written against
            assertEquals("✗ Пока нет: x", Messages.get("check.not-yet", "x"));
            assertEquals("✗ Ещё: x", Messages.get("check.also", "x"));
            assertEquals("ответ: ожидалось 42, получено 41", Messages.get("check.expected", "ответ", 42, 41));
        } finally {
            Messages.use(before);
        }
    }

    // --- the Russian translation against the English -------------------------------------------

    @Test
    void russianHasExactlyTheEnglishKeys() throws IOException {
        Set<String> english = english().keySet();
        Set<String> russian = russian().keySet();
        Set<String> missing = new TreeSet<>(english);
        missing.removeAll(russian);
        Set<String> extra = new TreeSet<>(russian);
        extra.removeAll(english);
        assertEquals(Set.of(), missing, "keys messages_ru.properties lacks");
        assertEquals(Set.of(), extra, "keys in messages_ru.properties that messages.properties does not have");
    }

    /** A place in a pattern: {N, a choice's {N,choice,...} and a place inside a choice's text. */
    private static final Pattern PLACE = Pattern.compile("\\{(\\d+)");

    /** The argument indices {@code pattern} uses, inside choices too; quoted text left out. */
    static Set<Integer> places(String pattern) {
        String unquoted = pattern.replace("''", "").replaceAll("'[^']*'", "");
        Set<Integer> places = new TreeSet<>();
        Matcher m = PLACE.matcher(unquoted);
        while (m.find()) {
            places.add(Integer.parseInt(m.group(1)));
        }
        return places;
    }

    @Test
    void placesAreFoundInsideChoicesAndNotInQuotes() {
        assertEquals(Set.of(0, 1, 2), places("{0,choice,0#none|1#{1} of {2}}"));
        assertEquals(Set.of(0), places("try '{' {0} '}' it''s"));
    }

    @Test
    void eachRussianPatternUsesTheEnglishPlaces() throws IOException {
        ResourceBundle english = english();
        ResourceBundle russian = russian();
        List<String> bad = new ArrayList<>();
        for (String key : new TreeSet<>(english.keySet())) {
            if (russian.containsKey(key)) {
                Set<Integer> want = places(english.getString(key));
                Set<Integer> got = places(russian.getString(key));
                if (!want.equals(got)) {
                    bad.add(key + ": English uses " + want + ", Russian " + got);
                }
            }
        }
        assertEquals(List.of(), bad);
    }

    @Test
    void eachRussianTextHasTheEnglishLines() throws IOException {
        // A help text over several lines (the usage, :help NAME) is laid out line for line.
        ResourceBundle english = english();
        ResourceBundle russian = russian();
        List<String> bad = new ArrayList<>();
        for (String key : new TreeSet<>(english.keySet())) {
            if (russian.containsKey(key)) {
                long want = english.getString(key).lines().count();
                long got = russian.getString(key).lines().count();
                if (want != got) {
                    bad.add(key + ": " + want + " lines in English, " + got + " in Russian");
                }
            }
        }
        assertEquals(List.of(), bad);
    }

    /**
     * The keys whose Russian value has no Russian word on purpose, and why: each is flagged
     * otherwise as left in English.
     */
    private static final Map<String, String> SAME_AS_ENGLISH = Map.of(
            "help.clock.args", "[virtual|real]: the words :clock takes",
            "help.lang.args", "ru|en: the words :lang takes");

    /**
     * The keys whose Russian value quotes English on purpose, and why: each is flagged otherwise
     * as holding an English sentence.
     */
    private static final Map<String, String> QUOTES_ENGLISH = Map.of(
            "loop.never-retrieved.task", "asyncio's report begins as asyncio words it",
            "loop.never-retrieved.future", "asyncio's report begins as asyncio words it",
            "help.trace.text", "names asyncio's report by its words",
            "snippet.variable-kept", "javac's words for a type it does not know, as the compiler's own errors show");

    /** A Cyrillic letter: a value with none has no Russian in it. */
    private static final Pattern CYRILLIC = Pattern.compile("\\p{IsCyrillic}");
    /** A Latin letter outside the places: a value with some has words (or code) in it. */
    private static final Pattern LATIN = Pattern.compile("\\p{IsLatin}");
    /**
     * English words that no code in the catalogue is made of (Java's and Python's keywords, such
     * as for, in, not, with, are left out): one in a Russian value is a sentence left in English.
     */
    private static final Pattern ENGLISH_WORD = Pattern.compile(
            "\\b(the|a|an|of|to|it|its|was|are|be|been|this|that|by|at|on|you|your|can|cannot|has|have|when|then|than|there|which|what)\\b",
            Pattern.CASE_INSENSITIVE);

    /** {@code pattern} less its places ({0}, and a choice's spec up to its first text). */
    private static String withoutPlaces(String pattern) {
        return pattern.replaceAll("\\{\\d+(,choice,)?", " ").replaceAll("[0-9.]+[#<]", " ");
    }

    @Test
    void nothingIsLeftInEnglish() throws IOException {
        ResourceBundle english = english();
        ResourceBundle russian = russian();
        List<String> bad = new ArrayList<>();
        for (String key : new TreeSet<>(russian.keySet())) {
            String ru = russian.getString(key);
            String text = withoutPlaces(ru);
            if (!SAME_AS_ENGLISH.containsKey(key) && !CYRILLIC.matcher(text).find() && LATIN.matcher(text).find()) {
                bad.add(key + (english.containsKey(key) && ru.equals(english.getString(key))
                        ? ": the same as in English: " : ": no Russian in it: ") + ru);
            }
            Matcher word = ENGLISH_WORD.matcher(text);
            if (!QUOTES_ENGLISH.containsKey(key) && word.find()) {
                bad.add(key + ": an English word (\"" + word.group() + "\"): " + ru);
            }
        }
        assertEquals(List.of(), bad);
    }

    @Test
    void theAllowListsNameKeysThatNeedThem() throws IOException {
        // An allow-list entry is a promise about a value: it must still hold.
        ResourceBundle russian = russian();
        for (String key : SAME_AS_ENGLISH.keySet()) {
            assertTrue(russian.containsKey(key), key);
            assertTrue(!CYRILLIC.matcher(russian.getString(key)).find(), key + " has Russian in it now: drop it from the list");
        }
        for (String key : QUOTES_ENGLISH.keySet()) {
            assertTrue(russian.containsKey(key), key);
            assertTrue(ENGLISH_WORD.matcher(withoutPlaces(russian.getString(key))).find(),
                    key + " quotes no English now: drop it from the list");
        }
    }

    @Test
    void theEnglishWordsAreCaught() {
        // The check itself: an English sentence is caught, code and commands are not.
        assertTrue(ENGLISH_WORD.matcher(withoutPlaces("ошибка: the file {0} was not found")).find());
        assertTrue(!ENGLISH_WORD.matcher(withoutPlaces("это Python: в Java нет async with: try (var held = {0}.hold())")).find());
        assertTrue(!LATIN.matcher(withoutPlaces("{0,choice,0#|1#{1}}, {2}")).find());
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
