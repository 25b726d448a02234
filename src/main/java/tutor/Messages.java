package tutor;

import java.text.FieldPosition;
import java.text.Format;
import java.text.MessageFormat;
import java.text.ParsePosition;
import java.util.Locale;
import java.util.ResourceBundle;

/**
 * Every line the console and its agent say to the learner, in one catalogue: the bundle
 * {@code tutor/messages.properties} (UTF-8), one key a message, read through
 * {@link MessageFormat}. A second language is a second file beside it
 * ({@code messages_ru.properties}); a key it lacks comes from the English one.
 *
 * <p>The language is chosen in one place, {@link #use(Locale)}; until then it is the one the
 * property {@value #LOCALE_PROPERTY} names (the agent JVM gets the console's this way, see
 * {@link AgentProcess}), or else the JVM's default.
 *
 * <p>Writing a message: {@code {0}}, {@code {1}} are the values passed to {@link #get}, a
 * number among them shown as it is ({@code 9996}, never {@code 9,996}); a plural is a choice
 * ({@code {0,choice,1#task|1<tasks}}); a single quote is written {@code ''}, and a brace that is
 * meant literally is quoted: {@code '{ }'}. Sentences stay whole in the file: code passes the
 * values, never pieces of a sentence.
 */
public final class Messages {
    /** The system property that names the language (a BCP 47 tag: "en", "ru"). */
    public static final String LOCALE_PROPERTY = "aio.tutor.locale";
    /** The bundle's base name: tutor/messages.properties and its translations. */
    static final String BUNDLE = "tutor.messages";

    /** The catalogue in use and its language, swapped together. */
    private record Catalogue(Locale locale, ResourceBundle bundle) {
    }

    private static volatile Catalogue catalogue = load(initialLocale());

    private Messages() {
    }

    /** The property's language when it is set, else the JVM's default for what it displays. */
    static Locale initialLocale() {
        String tag = System.getProperty(LOCALE_PROPERTY, "");
        return tag.isBlank() ? Locale.getDefault(Locale.Category.DISPLAY) : Locale.forLanguageTag(tag.strip());
    }

    private static Catalogue load(Locale locale) {
        // No fallback to the JVM's default locale: a language without a file of its own is English.
        ResourceBundle bundle = ResourceBundle.getBundle(BUNDLE, locale,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        return new Catalogue(locale, bundle);
    }

    /**
     * Speaks {@code locale} from now on (its file, or English where it has none or lacks a key).
     * Call it before the console is built: the commands' help is read as they are registered,
     * and an agent started before keeps the language it was given.
     */
    public static void use(Locale locale) {
        catalogue = load(locale);
    }

    /** The language asked for (the one the agent is told to speak too). */
    public static Locale locale() {
        return catalogue.locale();
    }

    /** The message {@code key} with {@code args} in its places. Raises MissingResourceException for an unknown key. */
    public static String get(String key, Object... args) {
        Catalogue c = catalogue;
        return format(c.bundle().getString(key), c.locale(), args);
    }

    /** {@code pattern} as {@link #get} formats it. */
    static String format(String pattern, Locale locale, Object... args) {
        MessageFormat f = new MessageFormat(pattern, locale);
        Format[] formats = f.getFormats();
        for (int i = 0; i < formats.length; i++) {
            if (formats[i] == null) {
                formats[i] = AS_IS;
            }
        }
        f.setFormats(formats);
        return f.format(args);
    }

    /**
     * A plain {@code {0}}: the value's own text. MessageFormat would write a number with the
     * locale's grouping (a port 9996 as "9,996").
     */
    private static final Format AS_IS = new Format() {
        @Override
        public StringBuffer format(Object obj, StringBuffer to, FieldPosition pos) {
            return to.append(obj);
        }

        @Override
        public Object parseObject(String source, ParsePosition pos) {
            throw new UnsupportedOperationException();
        }
    };
}
