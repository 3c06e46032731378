/**
 * Fault campaigns: a {@link org.tinyprune.link.fault.campaign.FaultCampaign} repeats a {@link
 * org.tinyprune.link.fault.campaign.CampaignJob} (flashing with AN3155, or loading and running a
 * sample with the benchmark protocol) on one emulated board, each run over a {@link
 * org.tinyprune.link.fault.FaultyLink} with a few seeded faults, and judges every run against a
 * reference read over the clean link: finished correctly, a clear error naming the link, or a wrong
 * result accepted. {@code tinyprune bench faults} runs them from the command line.
 */
package org.tinyprune.link.fault.campaign;
