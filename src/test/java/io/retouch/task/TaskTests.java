package io.retouch.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Where a task's outputs are stored: ordered ones as before, extras never over another output of the row. */
class TaskTests {

    private static Task task(int part, int numImages) {
        return new Task(1, 1, "item", 2, "fal", new TaskRequest("p", List.of("in.png"), "1:1", "1K", "png", numImages, null),
                TaskState.COLLECTING, 0, 1, "id", null, null, part);
    }

    @Test
    void orderedOutputsKeepTheirIndexAndExtrasFollowThem() {
        Task row = task(0, 2);

        assertThat(IntStream.range(0, 5).map(i -> row.outputIndex(i, 1))).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void extrasOfASplitRowNeverTakeASiblingsIndex() {
        List<Integer> indices = new ArrayList<>();
        for (int part = 0; part < 3; part++)
            for (int i = 0; i < 4; i++) indices.add(task(part, 1).outputIndex(i, 3));

        assertThat(indices).doesNotHaveDuplicates();
        assertThat(task(1, 1).outputIndex(0, 3)).as("the ordered output of part 1").isEqualTo(1);
        assertThat(task(0, 1).outputIndex(1, 3)).as("part 0's first extra, after the row's 3 ordered").isEqualTo(3);
        assertThat(task(2, 1).outputIndex(1, 3)).isEqualTo(5);
        assertThat(task(0, 1).outputIndex(2, 3)).isEqualTo(6);
    }
}
