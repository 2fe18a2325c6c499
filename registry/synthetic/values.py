"""Plausible parameter values by parameter key, for the synthetic register."""

NUMBERS = {
    "supply_voltage_min": [1.2, 1.8, 2.2, 2.7, 3.0, 4.5],
    "supply_voltage_max": [3.6, 5.5, 6.0, 15, 18, 36],
    "temp_min": [-60, -40, -25, 0],
    "temp_max": [70, 85, 105, 125],
    "clock_mhz": [8, 16, 24, 32, 48, 72, 80, 100, 120, 144, 168, 200, 400, 800, 1200, 1500],
    "flash_kb": [8, 16, 32, 64, 128, 256, 512, 1024, 2048],
    "ram_kb": [1, 2, 4, 8, 16, 32, 64, 128, 256],
    "cores": [1, 2, 4, 8, 16, 32, 48],
    "power_w": [0.5, 1, 2, 5, 10, 35, 60, 120],
    "logic_cells": [1200, 4800, 12000, 25000, 50000, 100000],
    "capacity_kbit": [16, 64, 256, 1024, 4096, 16384],
    "output_voltage": [1.2, 1.8, 2.5, 3.3, 5, 9, 12, 15],
    "output_current": [0.1, 0.5, 1, 1.5, 3, 5],
    "frequency_max_mhz": [100, 500, 1000, 2400, 6000],
    "resolution_bits": [8, 10, 12, 14, 16, 24],
    "sample_rate_msps": [0.1, 1, 10, 65, 125, 250],
    "reverse_voltage_max": [30, 50, 100, 200, 400, 600, 1000],
    "forward_current_max": [0.1, 0.3, 1, 3, 10],
    "zener_voltage": [3.3, 4.7, 5.1, 6.8, 9.1, 12, 15],
    "vce_max": [20, 30, 45, 60, 100, 300, 600],
    "ic_max": [0.1, 0.5, 1, 3, 10, 25],
    "vds_max": [20, 60, 100, 200, 400, 600],
    "id_max": [0.2, 2, 10, 30, 60],
    "vdrm": [400, 600, 800, 1200],
    "it_avg": [1, 4, 10, 25, 40],
    "vces": [600, 1200, 1700, 3300],
    "ic_nom": [50, 100, 200, 450, 800],
    "wafer_diameter_mm": [100, 150, 200],
    "resolution_nm": [350, 500, 800, 1000],
}
CHOICES = {
    "core": ["Cortex-M0", "Cortex-M3", "Cortex-M4F", "Cortex-M7", "RISC-V", "8051", "MIPS32"],
    "architecture": ["ARM", "MIPS", "RISC-V", "SPARC", "e2k", "NeuroMatrix"],
    "memory_type": ["SRAM", "DRAM", "Flash", "EEPROM", "EPROM"],
    "logic_family": ["HC", "HCT", "AC", "ACT", "LV", "LVC"],
    "interface_standard": ["RS-485", "CAN", "SpaceWire", "LVDS", "MIL-STD-1553"],
    "diode_type": ["switching", "zener", "rectifier", "Schottky"],
    "polarity": ["NPN", "PNP"],
    "channel": ["N", "P"],
    "colour": ["red", "green", "blue", "white", "infrared"],
    "measured_quantity": ["pressure", "acceleration", "angular rate", "temperature"],
}
TEXTS = {
    "function": ["8-bit shift register", "quad 2-input NAND", "hex inverter",
                 "operational amplifier", "voltage regulator", "timer", "decoder",
                 "D flip-flop", "bus transceiver", "comparator"],
    "interfaces": ["UART, SPI, I2C", "USB, CAN, UART", "Ethernet, USB, SPI", "SpaceWire, UART"],
}


def value_for(rng, key, kind):
    if key in NUMBERS:
        return NUMBERS[key][rng.randrange(len(NUMBERS[key]))]
    if key in CHOICES:
        return CHOICES[key][rng.randrange(len(CHOICES[key]))]
    if key in TEXTS:
        return TEXTS[key][rng.randrange(len(TEXTS[key]))]
    return rng.randint(1, 100) if kind == "number" else None
