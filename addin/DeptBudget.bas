Attribute VB_Name = "DeptBudget"
' deptbudget ribbon callbacks. Every button of the customUI calls DeptBudget_OnAction, which
' passes the button id to Python through xlwings' RunPython (module "xlwings" of this add-in).
' All logic, messages and error handling live in Python: deptbudget.excel.dispatch.run.
' Keep this file ASCII: the VBA project's code page is 1252, so Chinese text is built
' from code points (see W) and displayed correctly on a Chinese Windows.
Option Explicit

Public Sub DeptBudget_OnAction(control As IRibbonControl)
    If ActiveWorkbook Is Nothing Then
        ' "Please open or create a workbook first, then press this button."
        MsgBox W("8BF7514862535F00621665B05EFA4E004E2A5DE54F5C7C3FFF0C518D70B96B64630994AE3002"), vbInformation, W("90E895E898847B97")
        Exit Sub
    End If
    Application.StatusBar = False
    ' XLWINGS_VERSION (module xlwings) is the version whose DLL this add-in declares;
    ' Python compares it with its own xlwings before running the button.
    RunPython "import deptbudget.excel.dispatch as d; d.run('" & control.Id & "', xlam='" & XLWINGS_VERSION & "')"
    Application.StatusBar = False
End Sub

Private Function W(codes As String) As String
    ' Text from 4-digit hex code points, e.g. W("90E8") = ChrW(&H90E8).
    Dim i As Long
    For i = 1 To Len(codes) Step 4
        W = W & ChrW(CLng("&H" & Mid$(codes, i, 4)))
    Next i
End Function
