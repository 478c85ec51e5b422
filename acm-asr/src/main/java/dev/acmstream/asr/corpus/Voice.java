package dev.acmstream.asr.corpus;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A synthetic speaker: an engine, a voice and (for espeak-ng) a variant.
 *
 * <p>The speaker id names the person behind the voice, not the voice file: flite's slt and
 * festival's cmu_us_slt_arctic_hts are one speaker, and so are flite's kal16 and festival's
 * kal_diphone. The test split holds out whole speakers by this id.
 *
 * @param engine espeak-ng, flite or festival
 * @param name the engine's voice name
 * @param variant espeak-ng variant, or empty
 * @param speaker the person this voice imitates
 */
public record Voice(String engine, String name, String variant, String speaker) {
    public static final String ESPEAK = "espeak-ng";
    public static final String FLITE = "flite";
    public static final String FESTIVAL = "festival";

    static final List<String> ESPEAK_BASES = List.of("en-us", "en-gb", "en-gb-scotland", "en-gb-x-rp", "en-gb-x-gbclan",
            "en-gb-x-gbcwmd", "en-029", "en-us-nyc");
    /** espeak-ng variants that sound like people (the robot, whisper and croak ones are left out). */
    static final List<String> ESPEAK_VARIANTS = List.of("m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "f1", "f2",
            "f3", "f4", "f5", "klatt", "klatt2", "klatt3", "klatt4", "klatt6", "Alex", "Alicia", "Andrea", "Andy", "Annie",
            "adam", "aunty", "belinda", "benjamin", "boris", "caleb", "david", "ed", "edward", "Gene", "iven", "john",
            "linda", "max", "Michael", "paul", "quincy", "rob", "robert", "steph", "travis", "victor", "zac", "anika",
            "grandma", "grandpa", "shelby", "norbert", "Lee", "Mike", "Jacky", "Marco", "pablo", "sandro");
    /** Variants held out for the test split, with every espeak-ng base voice. */
    static final Set<String> TEST_ESPEAK_VARIANTS = Set.of("m3", "f2", "klatt3", "steph", "Andy", "victor");

    /**
     * espeak-ng variants that no corpus split uses: the speakers of the held-out-voice dev set
     * ({@link HeldOutVoiceDev}). Each is a variant file of its own, not a numbered sibling of a
     * variant in use (steph2, iven2, Gene2 and the like are left out), and none is a test variant.
     */
    static final List<String> HELD_OUT_DEV_ESPEAK_VARIANTS = List.of("Denis", "Diogo", "Henrique", "Hugo", "Mario",
            "Nguyen", "antonio", "announcer", "gustave", "marcelo", "michel", "miguel", "pedro");

    /** The espeak-ng voice argument, e.g. {@code en-us+f3}. */
    public String espeakVoice() {
        return variant.isEmpty() ? name : name + "+" + variant;
    }

    public static List<Voice> all() {
        List<Voice> v = new ArrayList<>();
        for (String base : ESPEAK_BASES) {
            for (String variant : ESPEAK_VARIANTS) {
                v.add(new Voice(ESPEAK, base, variant, "espeak:" + base + "+" + variant));
            }
        }
        v.add(new Voice(FLITE, "slt", "", "slt"));
        v.add(new Voice(FLITE, "rms", "", "rms"));
        v.add(new Voice(FLITE, "awb", "", "awb"));
        v.add(new Voice(FLITE, "kal16", "", "kal"));
        v.add(new Voice(FESTIVAL, "cmu_us_slt_arctic_hts", "", "slt"));
        v.add(new Voice(FESTIVAL, "kal_diphone", "", "kal"));
        v.add(new Voice(FESTIVAL, "ked_diphone", "", "ked"));
        return v;
    }

    /**
     * The held-out-voice dev set's speakers: every espeak-ng base with each of
     * {@link #HELD_OUT_DEV_ESPEAK_VARIANTS}. None of them is in {@link #all()}, so no split of the
     * corpus, train included, has heard them.
     */
    public static List<Voice> heldOutDev() {
        List<Voice> v = new ArrayList<>();
        for (String base : ESPEAK_BASES) {
            for (String variant : HELD_OUT_DEV_ESPEAK_VARIANTS) {
                v.add(new Voice(ESPEAK, base, variant, "espeak:" + base + "+" + variant));
            }
        }
        return v;
    }

    /** True if this speaker belongs to the held-out test speakers. */
    public boolean isTestSpeaker() {
        if (speaker.equals("ked")) {
            return true;
        }
        return engine.equals(ESPEAK) && TEST_ESPEAK_VARIANTS.contains(variant);
    }
}
