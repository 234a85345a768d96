package io.securewebinfra.webtier;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShellcheckTest {

    @Test
    void renderedUserDataIsShellcheckClean() {
        String shellcheck = Tools.require("shellcheck");
        for (BootstrapParameters p : Params.all()) {
            Tools.Result r = Tools.run(Duration.ofSeconds(30), Map.of(), Bootstrap.userData(p),
                    shellcheck, "--shell=bash", "--severity=style", "-");
            assertEquals(0, r.exitCode(), "shellcheck on user data for " + p + ":\n" + r.all());
        }
    }

    @Test
    void shellcheckReallyFindsProblems() {
        // Guards the test above against a shellcheck that is not looking at its input.
        String shellcheck = Tools.require("shellcheck");
        Tools.Result r = Tools.run(Duration.ofSeconds(30), Map.of(), "#!/bin/bash\nrm -rf $1/*\n",
                shellcheck, "--shell=bash", "--severity=style", "-");
        assertEquals(1, r.exitCode(), r.all());
    }
}
