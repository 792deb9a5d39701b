<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en">
<context>
    <name>BaseView</name>
    <message numerus="yes">
        <source>&lt;b&gt;%Ln&lt;/b&gt; document(s)</source>
        <translation>
            <numerusform>&lt;b&gt;%Ln&lt;/b&gt; document</numerusform>
            <numerusform>&lt;b&gt;%Ln&lt;/b&gt; documents</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;%Ln&lt;/b&gt; chunk(s)</source>
        <translation>
            <numerusform>&lt;b&gt;%Ln&lt;/b&gt; chunk</numerusform>
            <numerusform>&lt;b&gt;%Ln&lt;/b&gt; chunks</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DigestWords</name>
    <message numerus="yes">
        <source>added %Ln document(s)</source>
        <translation>
            <numerusform>added %Ln document</numerusform>
            <numerusform>added %Ln documents</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>replaced %Ln document(s) with new versions</source>
        <translation>
            <numerusform>replaced %Ln document with new versions</numerusform>
            <numerusform>replaced %Ln documents with new versions</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>removed %Ln document(s)</source>
        <translation>
            <numerusform>removed %Ln document</numerusform>
            <numerusform>removed %Ln documents</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>restored %Ln document(s) from the trash</source>
        <translation>
            <numerusform>restored %Ln document from the trash</numerusform>
            <numerusform>restored %Ln documents from the trash</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>deleted %Ln document(s) from the trash for good</source>
        <translation>
            <numerusform>deleted %Ln document from the trash for good</numerusform>
            <numerusform>deleted %Ln documents from the trash for good</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>moved %Ln document(s)</source>
        <translation>
            <numerusform>moved %Ln document</numerusform>
            <numerusform>moved %Ln documents</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>added %Ln chunk(s) to existing documents</source>
        <translation>
            <numerusform>added %Ln chunk to existing documents</numerusform>
            <numerusform>added %Ln chunks to existing documents</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>removed %Ln chunk(s) from documents that remain</source>
        <translation>
            <numerusform>removed %Ln chunk from documents that remain</numerusform>
            <numerusform>removed %Ln chunks from documents that remain</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DuplicatesView</name>
    <message numerus="yes">
        <source>%Ln group(s)</source>
        <translation>
            <numerusform>%Ln group</numerusform>
            <numerusform>%Ln groups</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FoldersPane</name>
    <message numerus="yes">
        <source>%Ln file(s) failed; first: %1</source>
        <translation>
            <numerusform>%Ln file failed; first: %1</numerusform>
            <numerusform>%Ln files failed; first: %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HistoryView</name>
    <message numerus="yes">
        <source>%Ln change(s) by this origin</source>
        <translation>
            <numerusform>%Ln change by this origin</numerusform>
            <numerusform>%Ln changes by this origin</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln recent change(s)</source>
        <translation>
            <numerusform>%Ln recent change</numerusform>
            <numerusform>%Ln recent changes</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>IngestPane</name>
    <message numerus="yes">
        <source>%Ln added</source>
        <translation>
            <numerusform>%Ln added</numerusform>
            <numerusform>%Ln added</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln replaced</source>
        <translation>
            <numerusform>%Ln replaced</numerusform>
            <numerusform>%Ln replaced</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln skipped (unchanged)</source>
        <translation>
            <numerusform>%Ln skipped (unchanged)</numerusform>
            <numerusform>%Ln skipped (unchanged)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln skipped (duplicates)</source>
        <translation>
            <numerusform>%Ln skipped (duplicates)</numerusform>
            <numerusform>%Ln skipped (duplicates)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln failed</source>
        <translation>
            <numerusform>%Ln failed</numerusform>
            <numerusform>%Ln failed</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln not added (cancelled)</source>
        <translation>
            <numerusform>%Ln not added (cancelled)</numerusform>
            <numerusform>%Ln not added (cancelled)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MaintenanceDialog</name>
    <message numerus="yes">
        <source>%Ln log entry(ies) pruned</source>
        <translation>
            <numerusform>%Ln log entry pruned</numerusform>
            <numerusform>%Ln log entries pruned</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln problem(s) found:</source>
        <translation>
            <numerusform>%Ln problem found:</numerusform>
            <numerusform>%Ln problems found:</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReembedDialog</name>
    <message numerus="yes">
        <source>%Ln chunk(s)</source>
        <translation>
            <numerusform>%Ln chunk</numerusform>
            <numerusform>%Ln chunks</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Words</name>
    <message numerus="yes">
        <source>%Ln document(s)</source>
        <translation>
            <numerusform>%Ln document</numerusform>
            <numerusform>%Ln documents</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln chunk(s)</source>
        <translation>
            <numerusform>%Ln chunk</numerusform>
            <numerusform>%Ln chunks</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln file(s)</source>
        <translation>
            <numerusform>%Ln file</numerusform>
            <numerusform>%Ln files</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln result(s)</source>
        <translation>
            <numerusform>%Ln result</numerusform>
            <numerusform>%Ln results</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln character(s)</source>
        <translation>
            <numerusform>%Ln character</numerusform>
            <numerusform>%Ln characters</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln waiting</source>
        <translation>
            <numerusform>%Ln waiting</numerusform>
            <numerusform>%Ln waiting</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln day(s) ago</source>
        <translation>
            <numerusform>%Ln day ago</numerusform>
            <numerusform>%Ln days ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln hour(s) ago</source>
        <translation>
            <numerusform>%Ln hour ago</numerusform>
            <numerusform>%Ln hours ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln min ago</source>
        <translation>
            <numerusform>%Ln min ago</numerusform>
            <numerusform>%Ln min ago</numerusform>
        </translation>
    </message>
</context>
</TS>