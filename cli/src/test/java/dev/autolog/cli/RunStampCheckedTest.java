package dev.autolog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RunStampCheckedTest {

    @Test
    void onlyEveryPartWithoutMetricFilesIsAllAsTheRecordsEqualsSays() {
        RunStamp.Checked all = new RunStamp.Checked(EnumSet.allOf(RunStamp.Part.class), Set.of());
        RunStamp.Checked allAndAMetric = new RunStamp.Checked(EnumSet.allOf(RunStamp.Part.class), Set.of("m1"));
        RunStamp.Checked metaAndAMetric = new RunStamp.Checked(EnumSet.of(RunStamp.Part.META), Set.of("m1"));
        RunStamp.Checked meta = new RunStamp.Checked(EnumSet.of(RunStamp.Part.META), Set.of());

        assertTrue(RunStamp.Checked.ALL.isAll());
        assertTrue(all.isAll());
        assertFalse(allAndAMetric.isAll());
        assertFalse(metaAndAMetric.isAll());
        assertFalse(meta.isAll());
        for (RunStamp.Checked c : new RunStamp.Checked[] {all, allAndAMetric, metaAndAMetric, meta}) {
            assertEquals(c.equals(RunStamp.Checked.ALL), c.isAll(), c::toString);
        }
    }
}
