# tinyprune device-runtime kernels: static library for the host and Cortex-M, and the C tests.
# (device-runtime/Makefile is the firmware build; this file only builds and tests the kernels.)
#
#   make -f kernels.mk            host library build/kernels/host/libtpkernels.a
#   make -f kernels.mk test       build and run every kernel test: host (plain), host (ASan+UBSan),
#                                 then the cortex-m4 and cortex-m33 builds (DSP paths) under
#                                 qemu-arm user mode when qemu-arm is installed
#   make -f kernels.mk cross      libraries for cortex-m4, cortex-m7, cortex-m33 (-Werror)
#   make -f kernels.mk test-arm   only the qemu-arm runs
#   make -f kernels.mk test-mps2  the tests on QEMU's mps2-an386 board (Cortex-M4F system model)
#   make -f kernels.mk bench      instructions per MAC on mps2-an386 (-icount shift=0)
#   make -f kernels.mk clean      (V=1 on any target shows the compiler command lines)

BUILD    ?= build/kernels
HOST_CC  ?= gcc
ARM_CC   ?= arm-none-eabi-gcc
ARM_AR   ?= arm-none-eabi-ar
QEMU_ARM ?= qemu-arm
V        ?= 0
Q        := $(if $(filter 1,$(V)),,@)

WARN      := -Wall -Wextra -Werror -std=c11 -pedantic -Wshadow -Wconversion -Wno-sign-conversion
INCLUDES  := -Iinclude
HOST_OPT  := -O2 -g
SAN_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

M4_FLAGS  := -mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16
M7_FLAGS  := -mcpu=cortex-m7 -mthumb -mfloat-abi=hard -mfpu=fpv5-d16
M33_FLAGS := -mcpu=cortex-m33 -mthumb -mfloat-abi=hard -mfpu=fpv5-sp-d16
ARM_OPT   := -O2 -ffunction-sections -fdata-sections

KERNEL_SRCS := $(sort $(wildcard kernels/*/*.c))
TESTS       := requant conv depthwise depthwise_in_place dense pooling elementwise concat output layout \
               stream_chain


# ---------------------------------------------------------------- variants
# $(1) variant name, $(2) compiler, $(3) flags, $(4) archiver
define variant
$(BUILD)/$(1)/obj/%.o: %.c $(wildcard include/*.h kernels/internal/*.h tests/*.h)
	@mkdir -p $$(dir $$@)
	$$(Q)$(2) $(WARN) $(3) $(INCLUDES) -Itests -c $$< -o $$@

$(BUILD)/$(1)/libtpkernels.a: $(patsubst %.c,$(BUILD)/$(1)/obj/%.o,$(KERNEL_SRCS))
	@rm -f $$@
	$$(Q)$(4) rcs $$@ $$^
endef

$(eval $(call variant,host,$(HOST_CC),$(HOST_OPT),ar))
$(eval $(call variant,asan,$(HOST_CC),$(HOST_OPT) $(SAN_FLAGS) -DTP_DEBUG,ar))
$(eval $(call variant,cortex-m4,$(ARM_CC),$(M4_FLAGS) $(ARM_OPT),$(ARM_AR)))
$(eval $(call variant,cortex-m7,$(ARM_CC),$(M7_FLAGS) $(ARM_OPT),$(ARM_AR)))
$(eval $(call variant,cortex-m33,$(ARM_CC),$(M33_FLAGS) $(ARM_OPT),$(ARM_AR)))
# -Os build: no inline-asm loops (TP_USE_ASM_LOOPS 0), so the DSP intrinsic fallbacks are tested
$(eval $(call variant,cortex-m4-os,$(ARM_CC),$(M4_FLAGS) -Os -ffunction-sections -fdata-sections,$(ARM_AR)))

# ---------------------------------------------------------------- test binaries
# host: the port prints with stdio; qemu-arm: the port makes Linux system calls directly
define host_test
$(BUILD)/$(1)/test_$(2): $(BUILD)/$(1)/obj/tests/test_$(2).o $(BUILD)/$(1)/obj/tests/tp_test.o $(BUILD)/$(1)/obj/tests/tp_ref.o $(BUILD)/$(1)/obj/tests/tp_case.o \
		$(BUILD)/$(1)/obj/tests/port/tp_test_port_stdio.o $(BUILD)/$(1)/libtpkernels.a
	$$(Q)$(HOST_CC) $(3) $$^ -lm -o $$@
endef
define arm_test
$(BUILD)/$(1)/test_$(2): $(BUILD)/$(1)/obj/tests/test_$(2).o $(BUILD)/$(1)/obj/tests/tp_test.o $(BUILD)/$(1)/obj/tests/tp_ref.o $(BUILD)/$(1)/obj/tests/tp_case.o \
		$(BUILD)/$(1)/obj/tests/port/tp_test_port_linux_arm.o $(BUILD)/$(1)/libtpkernels.a
	$$(Q)$(ARM_CC) $(3) --specs=nosys.specs -nostartfiles -Wl,--gc-sections $$^ -lm -o $$@
endef
# mps2-an386 (QEMU system emulation of a Cortex-M4F board): semihosting console, SysTick
define mps2_test
$(BUILD)/mps2-an386/$(2).elf: $(BUILD)/cortex-m4/obj/tests/$(2).o $(BUILD)/cortex-m4/obj/tests/tp_test.o \
		$(BUILD)/cortex-m4/obj/tests/tp_ref.o $(BUILD)/cortex-m4/obj/tests/tp_case.o \
		$(BUILD)/cortex-m4/obj/tests/port/mps2/tp_test_port_mps2.o $(BUILD)/cortex-m4/libtpkernels.a
	@mkdir -p $$(dir $$@)
	$$(Q)$(ARM_CC) $(M4_FLAGS) --specs=nosys.specs -nostartfiles -Wl,--gc-sections \
		-T tests/port/mps2/mps2_an386.ld $$^ -lm -o $$@
endef
$(foreach t,$(TESTS),$(eval $(call mps2_test,,test_$(t))))
$(eval $(call mps2_test,,bench_kernels))
$(foreach t,$(TESTS),$(eval $(call host_test,host,$(t),)))
$(foreach t,$(TESTS),$(eval $(call host_test,asan,$(t),$(SAN_FLAGS))))
$(foreach t,$(TESTS),$(eval $(call arm_test,cortex-m4,$(t),$(M4_FLAGS))))
$(foreach t,$(TESTS),$(eval $(call arm_test,cortex-m33,$(t),$(M33_FLAGS))))
$(foreach t,$(TESTS),$(eval $(call arm_test,cortex-m4-os,$(t),$(M4_FLAGS))))

HOST_TEST_BINS := $(foreach t,$(TESTS),$(BUILD)/host/test_$(t))
ASAN_TEST_BINS := $(foreach t,$(TESTS),$(BUILD)/asan/test_$(t))
M4_TEST_BINS   := $(foreach t,$(TESTS),$(BUILD)/cortex-m4/test_$(t))
M33_TEST_BINS  := $(foreach t,$(TESTS),$(BUILD)/cortex-m33/test_$(t))
M4OS_TEST_BINS := $(foreach t,$(TESTS),$(BUILD)/cortex-m4-os/test_$(t))
MPS2_TEST_BINS := $(foreach t,$(TESTS),$(BUILD)/mps2-an386/test_$(t).elf)
QEMU_MPS2 = qemu-system-arm -M mps2-an386 -nographic -monitor none -serial none \
            -semihosting-config enable=on,target=native -icount shift=0 -kernel

# A test passes when it exits 0 AND prints its sentinel line (same rule on a board's UART).
RUN_TEST = out=$$($(1) $$t 2>&1) ; rc=$$? ; echo "$$out" | tail -n 3 ; \
           if [ $$rc -ne 0 ] || ! echo "$$out" | grep -q "^TP_TEST_PASS $$(basename $$t .elf | sed s/^test_//)$$"; then \
             echo "FAILED: $$t (exit $$rc)"; exit 1; fi

.PHONY: all lib asan cross test test-host test-asan test-arm test-mps2 bench clean
all: lib
lib: $(BUILD)/host/libtpkernels.a
asan: $(BUILD)/asan/libtpkernels.a
cross: $(BUILD)/cortex-m4/libtpkernels.a $(BUILD)/cortex-m7/libtpkernels.a \
       $(BUILD)/cortex-m33/libtpkernels.a

test: test-host test-asan test-arm

test-host: $(HOST_TEST_BINS)
	@for t in $^; do $(call RUN_TEST,); done

test-asan: $(ASAN_TEST_BINS)
	@for t in $^; do $(call RUN_TEST,); done

ifeq ($(shell command -v $(QEMU_ARM) 2>/dev/null),)
test-arm:
	@echo "SKIPPED: $(QEMU_ARM) not installed (apt-get install qemu-user); DSP paths not run"
else
# qemu-arm user mode has no M-profile CPU; -cpu max executes the same Thumb-2 + DSP code.
test-arm: $(M4_TEST_BINS) $(M33_TEST_BINS) $(M4OS_TEST_BINS)
	@for t in $^; do $(call RUN_TEST,$(QEMU_ARM) -cpu max); done
endif

# The same tests on the emulated Cortex-M4F board (M-profile CPU model, slower to start).
test-mps2: $(MPS2_TEST_BINS)
	@for t in $^; do $(call RUN_TEST,$(QEMU_MPS2)); done

# Instructions per MAC of the int8 kernels on the emulated Cortex-M4F (see tests/bench_kernels.c)
bench: $(BUILD)/mps2-an386/bench_kernels.elf
	@$(QEMU_MPS2) $<

clean:
	rm -rf $(BUILD)
