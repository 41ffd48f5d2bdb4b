package dev.autolog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Signatures and dataset schemas as MLflow 2.9.2 and 3.11.1 write them (research/mlflow-models.md §3, §6.4). */
class ModelSummaryTest {

    @Test
    void columnsOfEitherVersionAreNameAndType() {
        assertEquals("f0:double, cnt:long", ModelSummary.signature("[{\"type\": \"double\", \"name\": \"f0\","
                + " \"required\": true}, {\"type\": \"long\", \"name\": \"cnt\", \"required\": true}]"));
        assertEquals("s:string", ModelSummary.signature("[{\"type\": \"string\", \"name\": \"s\", \"optional\": true}]"));
    }

    @Test
    void anUnnamedColumnIsItsType() {
        assertEquals("double", ModelSummary.signature("[{\"type\": \"double\"}]"));
    }

    @Test
    void tensorsAreDtypeAndShapeWithTheirNameWhenNamed() {
        assertEquals("float32[-1, 3], out:float64[-1, 1]", ModelSummary.signature("[{\"type\": \"tensor\","
                + " \"tensor-spec\": {\"dtype\": \"float32\", \"shape\": [-1, 3]}}, {\"name\": \"out\", \"type\":"
                + " \"tensor\", \"tensor-spec\": {\"dtype\": \"float64\", \"shape\": [-1, 1]}}]"));
    }

    @Test
    void mlflow3sNestedTypesAreShownWithWhatTheyHold() {
        assertEquals("v:array<double>, m:map<array<long>>, o:object", ModelSummary.signature("[{\"type\": \"array\","
                + " \"items\": {\"type\": \"double\"}, \"name\": \"v\", \"required\": true}, {\"type\": \"map\","
                + " \"values\": {\"type\": \"array\", \"items\": {\"type\": \"long\"}}, \"name\": \"m\"}, {\"type\":"
                + " \"object\", \"properties\": {\"a\": {\"type\": \"double\"}}, \"name\": \"o\"}]"));
    }

    @Test
    void jsonWrittenWithoutSpacesOrInAnotherKeyOrderReadsTheSame() {
        assertEquals("a:double, b:long, c\"d:string", ModelSummary.signature(
                "[{\"type\":\"double\",\"name\":\"a\"},{\"name\":\"b\",\"type\":\"long\"},{\"name\":\"c\\\"d\","
                        + "\"type\":\"string\"}]"));
    }

    @Test
    void unreadableOrMissingSignaturesShowNothing() {
        assertEquals("", ModelSummary.signature(null));
        assertEquals("", ModelSummary.signature("[{\"type\": \"double\", \"name\": "));
        assertEquals("", ModelSummary.signature("{\"type\": \"double\"}"));
        assertEquals("?", ModelSummary.signature("[{\"name_missing_type\": 1}]"));
    }

    @Test
    void datasetSchemasOfColumnsAndOfTensorsInsideAJsonString() {
        assertEquals("f0:double, n:long", DatasetSummary.schema("{\"mlflow_colspec\": [{\"type\": \"double\","
                + " \"name\": \"f0\", \"required\": true}, {\"type\": \"long\", \"name\": \"n\", \"required\": true}]}"));
        assertEquals("float32[-1, 3]", DatasetSummary.schema("{\"mlflow_tensorspec\": {\"features\": \"[{\\\"type\\\":"
                + " \\\"tensor\\\", \\\"tensor-spec\\\": {\\\"dtype\\\": \\\"float32\\\", \\\"shape\\\": [-1, 3]}}]\","
                + " \"targets\": null}}"));
        assertEquals("", DatasetSummary.schema("{\"mlflow_colspec\": "));
        assertEquals("", DatasetSummary.schema(null));
    }
}
