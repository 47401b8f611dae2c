package io.retouch.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class S3LocationTests {

    @Test
    void parsesBucketAndKey() {
        assertThat(S3Location.parse("s3://retouch-demo/inputs/ab/cd.png"))
                .isEqualTo(new S3Location("retouch-demo", "inputs/ab/cd.png"));
    }

    @Test
    void printsAsAnS3UriThatParsesBackToItself() {
        S3Location where = new S3Location("bucket", "a/b c.png");

        assertThat(where).hasToString("s3://bucket/a/b c.png");
        assertThat(S3Location.parse(where.toString())).isEqualTo(where);
    }

    @Test
    void recognisesOnlyTheS3Scheme() {
        assertThat(S3Location.isS3Uri("s3://b/k")).isTrue();
        assertThat(S3Location.isS3Uri("https://b/k")).isFalse();
        assertThat(S3Location.isS3Uri("images/s3://b/k")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"s3://bucket", "s3://bucket/", "s3:///key", "s3://"})
    void refusesUrisWithoutBothBucketAndKey(String uri) {
        assertThatIllegalArgumentException().isThrownBy(() -> S3Location.parse(uri))
                .withMessage("'" + uri + "' is not of the form s3://bucket/key");
    }

    @Test
    void refusesOtherSchemes() {
        assertThatIllegalArgumentException().isThrownBy(() -> S3Location.parse("https://bucket/key"))
                .withMessage("'https://bucket/key' is not an s3:// URI");
    }
}
