package dev.conveyor.rest;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContext;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.media.Schema;
import java.util.Iterator;

/**
 * Documents a {@link JsonNode} as what it is on the wire, any JSON value, rather than as swagger's object named
 * "JsonNode": a reference to a schema without a type, which accepts every value. A reference, because swagger
 * adds {@code type: object} to a property's own schema when it has no type.
 */
final class AnyJsonValueConverter implements ModelConverter {
    private static final String NAME = "AnyJsonValue";

    private AnyJsonValueConverter() {}

    /** Adds the converter to swagger's shared converters, once however many applications a JVM runs. */
    static synchronized void install() {
        ModelConverters converters = ModelConverters.getInstance();
        if (converters.getConverters().stream().noneMatch(AnyJsonValueConverter.class::isInstance)) {
            converters.addConverter(new AnyJsonValueConverter());
        }
    }

    @Override
    public Schema<?> resolve(AnnotatedType type, ModelConverterContext context, Iterator<ModelConverter> chain) {
        JavaType javaType = Json.mapper().constructType(type.getType());
        if (javaType != null && JsonNode.class.isAssignableFrom(javaType.getRawClass())) {
            context.defineModel(
                    NAME,
                    new Schema<>()
                            .description(
                                    "Any JSON value: an object, an array, a string, a number, true, false or null."));
            return new Schema<>().$ref(Components.COMPONENTS_SCHEMAS_REF + NAME);
        }
        return chain.hasNext() ? chain.next().resolve(type, context, chain) : null;
    }
}
