package dev.conveyor.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdvisoryLocksTest {
    @Test
    void everyUseHasAKeyOfItsOwn() throws IllegalAccessException {
        List<Field> keys = Arrays.stream(AdvisoryLocks.class.getDeclaredFields())
                .filter(f -> Modifier.isStatic(f.getModifiers()) && f.getType() == long.class)
                .toList();
        assertThat(keys).hasSize(4);
        long[] values = new long[keys.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = keys.get(i).getLong(null);
        }
        assertThat(values).doesNotHaveDuplicates();
    }
}
