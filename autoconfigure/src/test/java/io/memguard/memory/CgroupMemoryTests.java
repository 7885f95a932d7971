package io.memguard.memory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class CgroupMemoryTests {

	@TempDir
	Path root;

	@Test
	void v2LimitAndWorkingSetWithoutInactivePageCache() throws IOException {
		write("memory.max", "536870912\n");
		write("memory.current", "400000000\n");
		write("memory.stat", "anon 300000000\nfile 100000000\ninactive_file 50000000\nactive_file 50000000\n");
		assertThat(new CgroupMemory(this.root).read()).isEqualTo(new CgroupMemory.Usage(350000000, 536870912));
	}

	@Test
	void v2WithoutLimitIsUnlimited() throws IOException {
		write("memory.max", "max\n");
		write("memory.current", "400000000\n");
		assertThat(new CgroupMemory(this.root).read()).isEqualTo(new CgroupMemory.Usage(400000000, -1));
	}

	@Test
	void v1LimitAndWorkingSetWithoutInactivePageCache() throws IOException {
		write("memory/memory.limit_in_bytes", "536870912\n");
		write("memory/memory.usage_in_bytes", "300000000\n");
		write("memory/memory.stat", "cache 1000\ninactive_file 7\ntotal_inactive_file 100000000\n");
		assertThat(new CgroupMemory(this.root).read()).isEqualTo(new CgroupMemory.Usage(200000000, 536870912));
	}

	@Test
	void v1HugeLimitMeansUnlimited() throws IOException {
		write("memory/memory.limit_in_bytes", "9223372036854771712\n");
		write("memory/memory.usage_in_bytes", "300000000\n");
		assertThat(new CgroupMemory(this.root).read().limit()).isEqualTo(-1);
	}

	@Test
	void noCgroupIsUnknown() {
		assertThat(new CgroupMemory(this.root).read()).isEqualTo(CgroupMemory.Usage.UNKNOWN);
	}

	private void write(String name, String content) throws IOException {
		Path file = this.root.resolve(name);
		Files.createDirectories(file.getParent());
		Files.writeString(file, content);
	}

}
