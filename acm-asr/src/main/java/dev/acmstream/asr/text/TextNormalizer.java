package dev.acmstream.asr.text;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns written English into the model's alphabet: lowercase a–z, apostrophe and single spaces.
 * The corpus builder and the scorer use this one class, so training labels, references and
 * hypotheses are normalized identically:
 * <ul>
 *   <li>numbers are spelled out: cardinals ("105" → "one hundred five"), decimals ("2.5" → "two
 *       point five"), ordinals ("21st" → "twenty first"), times ("10:30" → "ten thirty"), money
 *       ("$4.50" → "four dollars fifty cents") and percentages;</li>
 *   <li>{@code *} → "star", {@code #} → "pound", {@code &} → "and", {@code @} → "at", {@code +} → "plus";</li>
 *   <li>hyphens, slashes and underscores become spaces;</li>
 *   <li>accents are dropped (é → e); every other character is removed, and apostrophes survive only
 *       inside words.</li>
 * </ul>
 * {@link #forSpeech} does the same but keeps sentence punctuation, so that a synthesizer still
 * pauses at commas.
 */
public final class TextNormalizer {
    private static final Pattern MONEY = Pattern.compile("\\$(\\d{1,3}(?:,\\d{3})+|\\d+)(?:\\.(\\d{2}))?");
    private static final Pattern TIME = Pattern.compile("\\b(\\d{1,2}):(\\d{2})\\b");
    private static final Pattern ORDINAL = Pattern.compile("\\b(\\d+)(st|nd|rd|th)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern PERCENT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*%");
    private static final Pattern DECIMAL = Pattern.compile("\\b(\\d+)\\.(\\d+)\\b");
    private static final Pattern GROUPED = Pattern.compile("\\b\\d{1,3}(?:,\\d{3})+\\b");
    private static final Pattern NUMBER = Pattern.compile("\\d+");
    private static final Map<String, String> ABBREVIATIONS = Map.ofEntries(
            Map.entry("mr.", "mister"), Map.entry("mrs.", "missus"), Map.entry("dr.", "doctor"),
            Map.entry("st.", "saint"), Map.entry("jr.", "junior"), Map.entry("sr.", "senior"),
            Map.entry("etc.", "et cetera"), Map.entry("e.g.", "for example"), Map.entry("i.e.", "that is"),
            Map.entry("vs.", "versus"), Map.entry("no.", "number"), Map.entry("ave.", "avenue"),
            Map.entry("approx.", "approximately"), Map.entry("dept.", "department"), Map.entry("mt.", "mount"));

    private TextNormalizer() {
    }

    /** The label form: only a–z, apostrophe and single spaces. */
    public static String normalize(String text) {
        String s = forSpeech(text);
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'a' && c <= 'z') {
                sb.append(c);
            } else if (c == '\'') {
                boolean inside = i > 0 && i + 1 < s.length() && isLetter(s.charAt(i - 1)) && isLetter(s.charAt(i + 1));
                if (inside) {
                    sb.append(c);
                }
            } else {
                sb.append(' ');
            }
        }
        return sb.toString().trim().replaceAll(" +", " ");
    }

    /** Words spelled out as in {@link #normalize}, but with {@code , . ? ! ; :} kept for prosody. */
    public static String forSpeech(String text) {
        String s = Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
        s = s.replace('\u2019', '\'').replace('\u2018', '\'').replace('`', '\'');
        s = expandAbbreviations(s);
        s = replace(MONEY, s, m -> {
            String dollars = NumberWords.cardinal(Long.parseLong(m.group(1).replace(",", "")));
            String out = dollars + (dollars.equals("one") ? " dollar" : " dollars");
            if (m.group(2) != null && !m.group(2).equals("00")) {
                int cents = Integer.parseInt(m.group(2));
                out += " " + NumberWords.cardinal(cents) + (cents == 1 ? " cent" : " cents");
            }
            return " " + out + " ";
        });
        s = replace(TIME, s, m -> {
            int h = Integer.parseInt(m.group(1));
            int min = Integer.parseInt(m.group(2));
            String mm = min == 0 ? "o'clock" : min < 10 ? "oh " + NumberWords.cardinal(min) : NumberWords.cardinal(min);
            return " " + NumberWords.cardinal(h) + " " + mm + " ";
        });
        s = replace(PERCENT, s, m -> " " + spellNumber(m.group(1)) + " percent ");
        s = replace(ORDINAL, s, m -> " " + NumberWords.ordinal(Long.parseLong(trimZeros(m.group(1)))) + " ");
        s = replace(DECIMAL, s, m -> " " + spellNumber(m.group()) + " ");
        s = replace(GROUPED, s, m -> " " + NumberWords.cardinal(Long.parseLong(m.group().replace(",", ""))) + " ");
        s = replace(NUMBER, s, m -> " " + spellInteger(m.group()) + " ");
        s = s.replace("*", " star ").replace("#", " pound ").replace("&", " and ").replace("@", " at ")
                .replace("+", " plus ").replace("=", " equals ");
        s = s.replace('-', ' ').replace('/', ' ').replace('_', ' ');
        s = s.toLowerCase(Locale.ROOT);
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c >= 'a' && c <= 'z') || c == '\'' || c == ' ' || ",.?!;:".indexOf(c) >= 0) {
                sb.append(c);
            } else {
                sb.append(' ');
            }
        }
        return sb.toString().trim().replaceAll("\\s+", " ");
    }

    private static String expandAbbreviations(String s) {
        StringBuilder out = new StringBuilder();
        for (String token : s.split("(?<=\\s)|(?=\\s)")) {
            String expansion = ABBREVIATIONS.get(token.toLowerCase(Locale.ROOT));
            out.append(expansion != null ? expansion : token);
        }
        return out.toString();
    }

    private static String spellNumber(String n) {
        int dot = n.indexOf('.');
        if (dot < 0) {
            return spellInteger(n);
        }
        return spellInteger(n.substring(0, dot)) + " point " + NumberWords.digits(n.substring(dot + 1));
    }

    /** Integers with a leading zero, or too long to say as one number, are read digit by digit. */
    private static String spellInteger(String n) {
        if ((n.length() > 1 && n.charAt(0) == '0') || n.length() > 15) {
            return NumberWords.digits(n);
        }
        return NumberWords.cardinal(Long.parseLong(n));
    }

    private static String trimZeros(String n) {
        String t = n.replaceFirst("^0+(?=.)", "");
        return t.length() > 15 ? t.substring(t.length() - 15) : t;
    }

    private static boolean isLetter(char c) {
        return c >= 'a' && c <= 'z';
    }

    private interface Replacer {
        String apply(Matcher m);
    }

    private static String replace(Pattern p, String s, Replacer r) {
        Matcher m = p.matcher(s);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(r.apply(m)));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
