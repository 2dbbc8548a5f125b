package ai.fastmath;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Every test class in src/test/java is one the build runs: its file name matches surefire's includes
 * in pom.xml, or failsafe's integration-test names. A class named outside them (such as
 * {@code *Properties} before they were added) would compile and never run.
 */
class TestClassesRunTest {

    /** What marks a class as holding tests. */
    private static final Pattern TESTS = Pattern.compile(
            "@(Test|ParameterizedTest|RepeatedTest|TestFactory|TestTemplate|QuarkusTest|QuarkusMainTest|QuarkusIntegrationTest)\\b");
    /** Failsafe's default includes. */
    private static final List<String> FAILSAFE = List.of("**/IT*.java", "**/*IT.java", "**/*ITCase.java");

    static List<String> surefireIncludes(Path pom) throws Exception {
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
        NodeList plugins = doc.getElementsByTagName("plugin");
        for (int i = 0; i < plugins.getLength(); i++) {
            Element plugin = (Element) plugins.item(i);
            if (plugin.getElementsByTagName("artifactId").item(0).getTextContent().equals("maven-surefire-plugin")) {
                NodeList includes = plugin.getElementsByTagName("include");
                List<String> out = new ArrayList<>();
                for (int j = 0; j < includes.getLength(); j++) {
                    out.add(includes.item(j).getTextContent().trim());
                }
                return out;
            }
        }
        throw new AssertionError("no maven-surefire-plugin in " + pom);
    }

    static List<Path> testClassesNotRun(Path testRoot, List<String> patterns) throws IOException {
        List<PathMatcher> matchers = patterns.stream()
                .map(p -> FileSystems.getDefault().getPathMatcher("glob:" + p)).toList();
        List<Path> notRun = new ArrayList<>();
        try (Stream<Path> files = Files.walk(testRoot)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Path rel = testRoot.relativize(f);
                // "**/X" needs a directory above X in a glob: match the path with a leading directory
                Path probe = Path.of("src").resolve(rel);
                boolean matched = matchers.stream().anyMatch(m -> m.matches(probe));
                if (!matched && TESTS.matcher(Files.readString(f)).find()) {
                    notRun.add(rel);
                }
            }
        }
        return notRun;
    }

    @Test
    void everyTestClassMatchesAnIncludeOfTheBuild() throws Exception {
        List<String> includes = surefireIncludes(Path.of("pom.xml"));
        assertTrue(includes.contains("**/*Properties.java"), "the property tests are included: " + includes);
        List<String> all = new ArrayList<>(includes);
        all.addAll(FAILSAFE);
        assertEquals(List.of(), testClassesNotRun(Path.of("src/test/java"), all));
    }

    @Test
    void theGuardCatchesAClassOutsideTheIncludes() throws Exception {
        Path root = Files.createTempDirectory("tests-run");
        Path dir = Files.createDirectories(root.resolve("ai/fastmath"));
        Files.writeString(dir.resolve("AnswerChecks.java"), "class AnswerChecks { @Test void x() {} }");
        Files.writeString(dir.resolve("AnswerProperties.java"), "class AnswerProperties { @ParameterizedTest void x() {} }");
        Files.writeString(dir.resolve("Helper.java"), "class Helper { }");
        assertEquals(List.of(Path.of("ai/fastmath/AnswerChecks.java")),
                testClassesNotRun(root, List.of("**/*Test.java", "**/*Properties.java")));
        assertEquals(2, testClassesNotRun(root, List.of("**/*Test.java")).size(), "without *Properties both are missed");
    }
}
